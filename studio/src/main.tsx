// The studio: sign in, write a story, follow its segments live, then fix it page by page on the
// storyboard (text, picture, narration) and render the video again.
import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { AdminPanel } from './admin';
import {
  ApiError,
  api,
  archiveUrl,
  login,
  logout,
  type Me,
  type NewTaskBody,
  type Notice,
  onSession,
  type RegenerateBody,
  refresh,
  type SegmentView,
  type StoryScript,
  type TaskList,
  type TaskView,
  taskFile,
  username,
  watchNotifications,
} from './api';
import { DubbingPanel } from './dubbing';
import { lang, t } from './i18n';
import './style.css';

document.documentElement.lang = lang;
document.title = t.studio;

const errorText = (err: unknown) =>
  err instanceof ApiError && err.field ? `${err.field}: ${err.message}` : (err as Error).message;

/** The story id in the address (`#/story/12`), so a reload or a shared link opens it again. */
function useRoute(): [number, (id: number) => void, boolean] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const id = Number(/^#\/story\/(\d+)$/.exec(hash)?.[1] ?? 0);
  return [id, (next) => (location.hash = next ? `#/story/${next}` : '#/'), hash === '#/dubbing'];
}

function App() {
  const [state, setState] = useState<'checking' | 'out' | 'in'>('checking');
  useEffect(() => {
    const off = onSession((inNow) => setState(inNow ? 'in' : 'out'));
    // Stay logged in: the HttpOnly refresh cookie gives a new access token after a reload.
    refresh().catch(() => setState('out'));
    return () => {
      off();
    };
  }, []);
  if (state === 'checking') return <p class="center">…</p>;
  return state === 'in' ? <Shell /> : <Login />;
}

function Login() {
  const [error, setError] = useState('');
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const register = (e.submitter as HTMLButtonElement | null)?.value === 'register';
    try {
      await login(String(form.get('username')), String(form.get('password')), register);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <main class="login">
      <h1>{t.studio}</h1>
      <form onSubmit={submit}>
        <label>
          {t.username}
          <input name="username" autocomplete="username" required minLength={1} maxLength={64} />
        </label>
        <label>
          {t.password}
          <input name="password" type="password" autocomplete="current-password" required minLength={8} />
        </label>
        <div class="row">
          <button type="submit" value="login">
            {t.logIn}
          </button>
          <button type="submit" value="register" class="secondary">
            {t.signUp}
          </button>
        </div>
        <p role="alert" class="error">
          {error}
        </p>
      </form>
    </main>
  );
}

function Shell() {
  const [live, setLive] = useState(false);
  const [tasks, setTasks] = useState<TaskView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [openId, open, dubbing] = useRoute();
  const [v1Notice, setV1Notice] = useState(0);
  const [admin, setAdmin] = useState(false);
  useEffect(() => {
    api<Me>('GET', '/api/me').then(
      (me) => setAdmin(me.is_admin),
      () => undefined,
    );
  }, []);

  const load = useCallback(async () => {
    const list = await api<TaskList>('GET', '/api/task/mytasks?limit=20');
    setTasks(list.tasks);
    setCursor(list.next_cursor);
  }, []);
  // A deleted story, or one that is not the caller's (404): back to the list.
  const closeStory = useCallback(() => {
    location.hash = '#/';
    load().catch(() => undefined);
  }, [load]);
  const more = async () => {
    const list = await api<TaskList>(
      'GET',
      `/api/task/mytasks?limit=20&cursor=${encodeURIComponent(cursor!)}`,
    );
    setTasks((old) => [...old, ...list.tasks]);
    setCursor(list.next_cursor);
  };

  useEffect(() => {
    load().catch(() => undefined);
    return watchNotifications((n: Notice) => {
      if (n.v1_task_id !== undefined) setV1Notice((v) => v + 1);
      if (n.task_id === undefined) return;
      // Progress ticks change one bar; anything else may change files too.
      setVersion((v) => v + 1);
      if (n.type !== 'segment_progress') load().catch(() => undefined);
      else
        setTasks((old) =>
          old.map((task) =>
            task.task_id !== n.task_id
              ? task
              : {
                  ...task,
                  segments: task.segments.map((s) =>
                    s.segment_id === n.segment_id
                      ? { ...s, status: 'running', progress: n.progress ?? 0 }
                      : s,
                  ),
                },
          ),
        );
    }, setLive);
  }, [load]);

  return (
    <>
      <header>
        <h1>{t.studio}</h1>
        <span class={live ? 'live on' : 'live'} role="status">
          {live ? t.live : t.offline}
        </span>
        <a href="#/dubbing" aria-current={dubbing ? 'page' : undefined}>
          {t.dubbing}
        </a>
        <span class="who">{username()}</span>
        <button type="button" class="secondary" onClick={() => logout()}>
          {t.logOut}
        </button>
      </header>
      <main class={openId || dubbing ? 'with-story' : ''}>
        <section class="side" aria-labelledby="mine">
          <NewStory
            onCreated={async (id) => {
              await load();
              open(id);
            }}
          />
          <h2 id="mine">{t.myStories}</h2>
          {tasks.length === 0 && <p>{t.noStories}</p>}
          <ul class="stories">
            {tasks.map((task) => (
              <li key={task.task_id} class={task.task_id === openId ? 'open' : ''}>
                <a
                  href={`#/story/${task.task_id}`}
                  aria-current={task.task_id === openId ? 'page' : undefined}
                >
                  #{task.task_id} {task.topic}
                </a>
                <Segments segments={task.segments} />
              </li>
            ))}
          </ul>
          {cursor && (
            <button type="button" class="secondary" onClick={more}>
              {t.more}
            </button>
          )}
          {admin && <AdminPanel />}
        </section>
        <section class="board" aria-label={t.storyboard}>
          {dubbing ? (
            <DubbingPanel notice={v1Notice} />
          ) : openId ? (
            <Storyboard key={openId} taskId={openId} version={version} onGone={closeStory} />
          ) : (
            <p>{t.choose}</p>
          )}
        </section>
      </main>
    </>
  );
}

function Segments({ segments }: { segments: SegmentView[] }) {
  return (
    <ol class="segments" aria-label={t.segments}>
      {segments.map((s) => (
        <li
          key={s.segment_id}
          class={`seg ${s.status}`}
          data-segment={s.segment_id}
          data-status={s.status}
          title={s.error ?? ''}
        >
          {s.name}: {t.status[s.status] ?? s.status}
          {s.status === 'running' && ` ${s.progress}%`}
          {s.stale_pages && s.stale_pages.length > 0 && ` (${t.stale} ${s.stale_pages.join(', ')})`}
        </li>
      ))}
    </ol>
  );
}

function NewStory({ onCreated }: { onCreated: (id: number) => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const providers: Record<string, string> = {};
    for (const kind of ['story', 'image', 'speech'])
      if (text(`provider_${kind}`)) providers[kind] = text(`provider_${kind}`);
    const body: NewTaskBody = {
      topic: text('topic'),
      main_role: text('main_role'),
      scene: text('scene'),
      language: text('language') as NewTaskBody['language'],
      pages: Number(text('pages')),
      aspect: text('aspect') as NewTaskBody['aspect'],
      options: {
        speech_rate: Number(text('speed')),
        subtitle_style: text('subtitle_style') as 'plain' | 'karaoke',
        burn_subtitles: f.get('burn') === 'on',
        ...(text('voice') ? { voice: text('voice') } : {}),
        ...(text('music') ? { music_gain_db: Number(text('music')) } : {}),
        ...(Object.keys(providers).length ? { providers } : {}),
      },
    };
    setBusy(true);
    try {
      const task = await api<TaskView>('POST', '/api/task/new', body);
      if ((e.submitter as HTMLButtonElement | null)?.value === 'run')
        await api('POST', `/api/task/${task.task_id}/execute`);
      setError('');
      onCreated(task.task_id);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="new" open>
      <summary>
        <h2>{t.newStory}</h2>
      </summary>
      <form onSubmit={submit}>
        <label>
          {t.topic}
          <input name="topic" required maxLength={500} />
        </label>
        <div class="grid2">
          <label>
            {t.mainRole}
            <input name="main_role" maxLength={100} />
          </label>
          <label>
            {t.scene}
            <input name="scene" maxLength={200} />
          </label>
          <label>
            {t.language}
            <select name="language" defaultValue={lang}>
              <option value="zh">中文</option>
              <option value="en">English</option>
            </select>
          </label>
          <label>
            {t.pages}
            <input name="pages" type="number" min={1} max={20} defaultValue="4" required />
          </label>
          <label>
            {t.aspect}
            <select name="aspect" defaultValue="16:9">
              <option>16:9</option>
              <option>9:16</option>
              <option>1:1</option>
            </select>
          </label>
          <label>
            {t.voice}
            <input name="voice" maxLength={100} placeholder={t.voiceDefault} title={t.voiceHint} />
          </label>
          <label>
            {t.speed}
            <input name="speed" type="number" min={0.5} max={2} step={0.1} defaultValue="1" />
          </label>
          <label>
            {t.subtitles}
            <select name="subtitle_style" defaultValue="plain">
              <option value="plain">plain</option>
              <option value="karaoke">karaoke</option>
            </select>
          </label>
          <label>
            {t.musicGain}
            <input name="music" type="number" min={-60} max={0} step={1} placeholder="-18" />
          </label>
          <label class="check">
            <input name="burn" type="checkbox" defaultChecked />
            {t.burnSubtitles}
          </label>
        </div>
        <details>
          <summary>{t.providers}</summary>
          <div class="grid2">
            <label>
              {t.storyProvider}
              <input name="provider_story" placeholder="offline" />
            </label>
            <label>
              {t.imageProvider}
              <input name="provider_image" placeholder="offline" />
            </label>
            <label>
              {t.speechProvider}
              <input name="provider_speech" placeholder="offline" />
            </label>
          </div>
        </details>
        <div class="row">
          <button type="submit" value="run" disabled={busy}>
            {t.createAndRun}
          </button>
          <button type="submit" value="create" class="secondary" disabled={busy}>
            {t.create}
          </button>
        </div>
        <p role="alert" class="error">
          {error}
        </p>
      </form>
    </details>
  );
}

const finished = (task: TaskView, id: number) => {
  const s = task.segments.find((x) => x.segment_id === id);
  return s?.status === 'completed' || (s?.stale_pages?.length ?? 0) > 0 ? (s?.finished_at ?? '') : '';
};

function Storyboard({ taskId, version, onGone }: { taskId: number; version: number; onGone: () => void }) {
  const [task, setTask] = useState<TaskView | null>(null);
  const [script, setScript] = useState<StoryScript | null>(null);
  const [error, setError] = useState('');
  const scriptAt = useRef('');

  useEffect(() => {
    let stop = false;
    (async () => {
      try {
        const next = await api<TaskView>('GET', `/api/task/${taskId}`);
        if (stop) return;
        setTask(next);
        // The script changes when Story, Split or Speech (or a page run of them) finish.
        const at = [1, 2, 3, 4].map((id) => finished(next, id)).join('|');
        if (finished(next, 1) && at !== scriptAt.current) {
          const res = await fetch(taskFile(taskId, 'script_data.json', at));
          const fresh = res.ok ? ((await res.json()) as StoryScript) : null;
          // Marked as seen only once it is shown: a load cut short by the next notification
          // (this effect's cleanup) must leave the next run of the effect to load it again.
          if (fresh && !stop) {
            scriptAt.current = at;
            setScript(fresh);
          }
        }
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) onGone();
        else setError(errorText(err));
      }
    })();
    return () => {
      stop = true;
    };
  }, [taskId, version, onGone]);

  const act = async (method: string, path: string, body?: unknown) => {
    try {
      setError('');
      await api(method, path, body);
    } catch (err) {
      setError(errorText(err));
    }
  };
  if (!task) return <p role="alert">{error}</p>;
  const busy = task.status === 'running';
  const video = finished(task, 5);
  const imagesAt = finished(task, 2);
  const speechAt = finished(task, 4);
  return (
    <article>
      <a href="#/" class="back">
        {t.back}
      </a>
      <h2>
        #{task.task_id} {script?.title ?? task.topic}
      </h2>
      <Segments segments={task.segments} />
      <div class="row">
        <button type="button" disabled={busy} onClick={() => act('POST', `/api/task/${taskId}/execute`)}>
          {t.run}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={!busy}
          onClick={() => act('POST', `/api/task/${taskId}/cancel`)}
        >
          {t.cancel}
        </button>
        <button
          type="button"
          class="danger"
          onClick={async () => {
            if (!confirm(t.confirmDelete)) return;
            await act('DELETE', `/api/task/${taskId}`);
            onGone();
          }}
        >
          {t.delete}
        </button>
      </div>
      <p role="alert" class="error">
        {error}
      </p>

      {video && (
        <section aria-labelledby="video-h" class="video">
          <h3 id="video-h">{t.video}</h3>
          {/* biome-ignore lint/a11y/useMediaCaption: subtitles are burned in; the SRT is offered below */}
          <video controls preload="metadata" src={taskFile(taskId, 'video/output.mp4', video)} />
          <h3>{t.downloads}</h3>
          <ul class="downloads">
            <li>
              <a href={taskFile(taskId, 'video/output.mp4', video)} download={`story-${taskId}.mp4`}>
                {t.mp4}
              </a>
            </li>
            <li>
              <a href={taskFile(taskId, 'video/subtitles.srt', video)} download={`story-${taskId}.srt`}>
                {t.srt}
              </a>
            </li>
            <li>
              <a href={taskFile(taskId, 'script_data.json', video)} download={`story-${taskId}.json`}>
                {t.script}
              </a>
            </li>
            <li>
              <a href={archiveUrl(taskId)}>{t.zip}</a>
            </li>
          </ul>
        </section>
      )}

      <h3>{t.storyboard}</h3>
      {!script && <p>{t.noScript}</p>}
      <div class="row">
        {script && (
          <button
            type="button"
            disabled={busy || !finished(task, 4) || task.segments[3]?.status !== 'completed'}
            onClick={() => act('POST', `/api/task/${taskId}/execute/5`)}
          >
            {t.renderVideo}
          </button>
        )}
      </div>
      <div class="cards">
        {script?.pages.map((page) => (
          <PageCard
            key={`${page.page}:${page.text}:${page.image_prompt}`}
            taskId={taskId}
            page={page}
            imagesAt={imagesAt}
            speechAt={speechAt}
            busy={busy}
            act={act}
          />
        ))}
      </div>
    </article>
  );
}

function PageCard(props: {
  taskId: number;
  page: StoryScript['pages'][number];
  imagesAt: string;
  speechAt: string;
  busy: boolean;
  act: (method: string, path: string, body?: unknown) => Promise<void>;
}) {
  const { taskId, page, busy, act } = props;
  const [text, setText] = useState(page.text);
  const [prompt, setPrompt] = useState(page.image_prompt);
  const [seed, setSeed] = useState('');
  const regenerate = (body: RegenerateBody) =>
    act('POST', `/api/task/${taskId}/pages/${page.page}/regenerate`, body);
  const id = `p${page.page}`;
  const label = lang === 'zh' ? `${t.page} ${page.page} 页` : `${t.page} ${page.page}`;
  return (
    <section class="card" aria-label={label} data-page={page.page}>
      <h4>{label}</h4>
      {props.imagesAt ? (
        <img src={taskFile(taskId, `image/p${page.page}.png`, props.imagesAt)} alt={page.image_prompt} />
      ) : (
        <div class="placeholder" />
      )}
      <label for={`${id}-text`}>{t.text}</label>
      <textarea id={`${id}-text`} rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <div class="row">
        <button
          type="button"
          class="secondary"
          disabled={busy || text.trim() === page.text || text.trim() === ''}
          onClick={() => regenerate({ what: 'text', text: text.trim() })}
        >
          {t.saveText}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy}
          title={t.rewriteHint}
          onClick={() => regenerate({ what: 'text' })}
        >
          {t.rewrite}
        </button>
      </div>
      <label for={`${id}-prompt`}>{t.prompt}</label>
      <textarea
        id={`${id}-prompt`}
        rows={3}
        value={prompt}
        onInput={(e) => setPrompt(e.currentTarget.value)}
      />
      <div class="row">
        <label for={`${id}-seed`} class="inline">
          {t.seed}
        </label>
        <input
          id={`${id}-seed`}
          type="number"
          min={0}
          max={2147483647}
          value={seed}
          onInput={(e) => setSeed(e.currentTarget.value)}
        />
        <button
          type="button"
          disabled={busy || !props.imagesAt}
          onClick={() =>
            regenerate({
              what: 'image',
              ...(seed.trim() ? { seed: Number(seed) } : {}),
              ...(prompt.trim() && prompt.trim() !== page.image_prompt ? { prompt: prompt.trim() } : {}),
            })
          }
        >
          {t.redraw}
        </button>
      </div>
      <div class="row">
        {page.audio && props.speechAt ? (
          // biome-ignore lint/a11y/useMediaCaption: the page's text is shown just above its narration
          <audio
            controls
            preload="none"
            aria-label={`${t.narration} ${page.page}`}
            src={taskFile(taskId, page.audio, props.speechAt)}
          />
        ) : null}
        <button type="button" disabled={busy} onClick={() => regenerate({ what: 'speech' })}>
          {t.revoice}
        </button>
      </div>
    </section>
  );
}

render(<App />, document.getElementById('app')!);
