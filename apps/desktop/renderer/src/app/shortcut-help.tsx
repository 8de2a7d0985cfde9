import { useNavigationStore } from './pages.js';
import { SHORTCUTS } from './shortcuts.js';

export function ShortcutHelp() {
  const open = useNavigationStore((state) => state.helpOpen);
  const toggleHelp = useNavigationStore((state) => state.toggleHelp);
  if (!open) return null;
  return (
    <div className="overlay" onClick={() => toggleHelp(false)}>
      <div className="dialog" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcut-help" onClick={(event) => event.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table className="grid-table">
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.keys}>
                <td>
                  {shortcut.keys.split(' ').map((key) => (
                    <kbd key={key}>{key}</kbd>
                  ))}
                </td>
                <td>{shortcut.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
