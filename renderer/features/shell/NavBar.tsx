// Navigation bar of the work areas: roving tabindex, arrow keys/Home/End move between areas.
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { selectArea } from '../../stores/selectors';
import { AREA_IDS, AREA_SLUGS, stepArea, type AreaId } from './areas';

/** Renders the seven work areas in the order of the work; the active one has aria-current="page". */
export function NavBar() {
  const { t } = useTranslation();
  const area = useAppStore(selectArea);
  const setArea = useAppStore((s) => s.setArea);
  const refs = useRef(new Map<AreaId, HTMLButtonElement>());

  const go = (next: AreaId) => {
    setArea(next);
    refs.current.get(next)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    switch (e.key) {
      case 'ArrowRight':
        go(stepArea(area, 1));
        break;
      case 'ArrowLeft':
        go(stepArea(area, -1));
        break;
      case 'Home':
        go(AREA_IDS[0]);
        break;
      case 'End':
        go(AREA_IDS[AREA_IDS.length - 1] ?? area);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <nav className="nav" aria-label={t('shell.navLabel')}>
      <ul className="nav__list" onKeyDown={onKeyDown}>
        {AREA_IDS.map((id, i) => {
          const active = id === area;
          return (
            <li key={id} className="nav__item">
              <button
                ref={(el) => {
                  if (el) refs.current.set(id, el);
                  else refs.current.delete(id);
                }}
                type="button"
                id={`nav-${AREA_SLUGS[id]}`}
                className={`nav__link${active ? ' nav__link--active' : ''}`}
                aria-current={active ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${i + 1} Control+${i + 1}`}
                title={t('shell.shortcut', { keys: `Alt+${i + 1}` })}
                tabIndex={active ? 0 : -1}
                onClick={() => setArea(id)}
              >
                <span className="nav__step" aria-hidden="true">{i + 1}</span>
                <span className="nav__label">{t(`areas.${id}.nav`)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
