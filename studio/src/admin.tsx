// The admin panel (shown to admins only): every account with disable / enable, and every user's
// storybook tasks with their status. The server checks the rights; this only shows them.
import { useEffect, useState } from 'preact/hooks';
import { type AdminTasks, type AdminUsers, ApiError, api } from './api';
import { t } from './i18n';

export function AdminPanel() {
  const [users, setUsers] = useState<AdminUsers['users']>([]);
  const [tasks, setTasks] = useState<AdminTasks['tasks']>([]);
  const [error, setError] = useState('');
  const load = async () => {
    try {
      setUsers((await api<AdminUsers>('GET', '/api/admin/users?limit=100')).users);
      setTasks((await api<AdminTasks>('GET', '/api/admin/tasks?limit=50')).tasks);
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  useEffect(() => {
    load();
  }, []);
  const toggle = async (id: number, active: boolean) => {
    try {
      await api('POST', `/api/admin/users/${id}/${active ? 'disable' : 'enable'}`);
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <details class="admin">
      <summary>
        <h2>{t.admin}</h2>
      </summary>
      <p role="alert" class="error">
        {error}
      </p>
      <h3>{t.users}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.username}</th>
            <th scope="col">{t.myStories}</th>
            <th scope="col">{t.active}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>
                {u.username}
                {u.is_admin ? ' (admin)' : ''}
              </td>
              <td>{u.task_count}</td>
              <td>
                <button type="button" class="secondary" onClick={() => toggle(u.id, u.is_active)}>
                  {u.is_active ? t.disable : t.enable}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t.allTasks}</h3>
      <ul class="stories">
        {tasks.map((task) => (
          <li key={task.task_id}>
            #{task.task_id} {task.topic} — {task.username}: {t.status[task.status] ?? task.status}
          </li>
        ))}
      </ul>
    </details>
  );
}
