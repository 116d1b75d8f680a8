// The dubbing panel (seed 002's v1 API): upload a transcript, choose a voice, run narration,
// dubbing and the editing script as v1 tasks, follow them live, play the WAVs, download the JSON.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, username, type V1Task, type V1Upload, type V1Voices, v1Blob, v1Upload } from './api';
import { t } from './i18n';

type Kind = 'narration' | 'dubbing' | 'editing';
const TYPE: Record<Kind, string> = {
  narration: 'GENERATE_NARRATION',
  dubbing: 'GENERATE_DUBBING',
  editing: 'GENERATE_EDITING_SCRIPT',
};
const active = (task?: V1Task) => task?.status === 'PENDING' || task?.status === 'RUNNING';
const errorText = (err: unknown) =>
  err instanceof ApiError && err.field ? `${err.field}: ${err.message}` : (err as Error).message;

interface DubbedLine {
  narration: string;
  audio_file_path: string;
  duration_seconds: number;
}

/** What the panel keeps for this tab and user while the studio shows something else. */
interface Saved {
  template: string;
  voice: string;
  speed: string;
  media: string;
  upload: V1Upload | null;
  taskIds: Partial<Record<Kind, number>>;
}
const savedKey = () => `storyagent.dubbing.${username()}`;
function loadSaved(): Partial<Saved> {
  try {
    return JSON.parse(sessionStorage.getItem(savedKey()) ?? '{}') as Partial<Saved>;
  } catch {
    return {};
  }
}

/** The finished task's JSON, as a blob URL for the download link and parsed for the line list. */
async function resultOf(task: V1Task): Promise<{ url: string; json: unknown }> {
  const url = await v1Blob(`/api/v1/files/tasks/${task.id}/download/`);
  return { url, json: await (await fetch(url)).json() };
}

/** `notice` changes on every v1 task notification from the socket; polling covers progress. */
export function DubbingPanel({ notice }: { notice: number }) {
  const [saved] = useState(loadSaved);
  const [voices, setVoices] = useState<V1Voices['templates']>([]);
  const [template, setTemplate] = useState(saved.template ?? '');
  const [voice, setVoice] = useState(saved.voice ?? '');
  const [speed, setSpeed] = useState(saved.speed ?? '1');
  const [media, setMedia] = useState(saved.media ?? 'movie.mp4');
  const [upload, setUpload] = useState<V1Upload | null>(saved.upload ?? null);
  const [tasks, setTasks] = useState<Partial<Record<Kind, V1Task>>>({});
  const [results, setResults] = useState<Partial<Record<Kind, { url: string; json: unknown }>>>({});
  const [error, setError] = useState('');

  useEffect(() => {
    api<V1Voices>('GET', '/api/v1/voices/').then(
      (v) => setVoices(v.templates),
      (err) => setError(errorText(err)),
    );
    // Back on the panel: the tasks started before are fetched again, finished ones with their JSON.
    for (const [kind, id] of Object.entries(saved.taskIds ?? {}) as [Kind, number][]) {
      api<V1Task>('GET', `/api/v1/tasks/${id}/`)
        .then(async (task) => {
          setTasks((all) => ({ ...all, [kind]: task }));
          if (task.status === 'COMPLETED') {
            const result = await resultOf(task);
            setResults((all) => ({ ...all, [kind]: result }));
          }
        })
        .catch(() => undefined);
    }
  }, [saved]);

  useEffect(() => {
    const taskIds = Object.fromEntries(Object.entries(tasks).map(([k, task]) => [k, task.id]));
    const keep: Saved = { template, voice, speed, media, upload, taskIds };
    sessionStorage.setItem(savedKey(), JSON.stringify(keep));
  }, [template, voice, speed, media, upload, tasks]);

  // Live status: a refetch on each notification, and every second while a task runs (progress).
  const running = Object.values(tasks).some(active);
  // The poll reads the newest tasks, not the ones of the render that started it.
  const current = useRef(tasks);
  current.current = tasks;
  useEffect(() => {
    let stop = false;
    const tick = async () => {
      for (const [kind, old] of Object.entries(current.current) as [Kind, V1Task][]) {
        if (!active(old)) continue;
        const next = await api<V1Task>('GET', `/api/v1/tasks/${old.id}/`).catch(() => old);
        if (stop) return;
        setTasks((all) => ({ ...all, [kind]: next }));
        if (next.status === 'COMPLETED') {
          const result = await resultOf(next);
          setResults((all) => ({ ...all, [kind]: result }));
        }
      }
    };
    tick().catch((err) => setError(errorText(err)));
    const timer = running ? setInterval(() => tick().catch(() => undefined), 1000) : undefined;
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [notice, running]);

  const chosen = voices.find((v) => v.name === template);
  const start = async (kind: Kind) => {
    setError('');
    const transcript = upload!.relative_path;
    const out = (k: Kind) => String(tasks[k]?.result.output_file_path ?? '');
    const payload: Record<string, unknown> =
      kind === 'narration'
        ? { transcript_path: transcript }
        : kind === 'dubbing'
          ? {
              ...(tasks.narration?.status === 'COMPLETED'
                ? { input_narration_path: out('narration') }
                : { transcript_path: transcript }),
              service_params: {
                speed: Number(speed),
                ...(template ? { template_name: template } : {}),
                ...(voice ? { voice } : {}),
              },
            }
          : { dubbing_script_path: out('dubbing'), transcript_path: transcript, source_media: media };
    try {
      const created = await api<{ id: number }>('POST', '/api/v1/tasks/', { task_type: TYPE[kind], payload });
      setResults((all) => ({ ...all, [kind]: undefined }));
      const task = await api<V1Task>('GET', `/api/v1/tasks/${created.id}/`);
      setTasks((all) => ({ ...all, [kind]: task }));
    } catch (err) {
      setError(errorText(err));
    }
  };

  const step = (kind: Kind, label: string, disabled: boolean) => {
    const task = tasks[kind];
    const result = results[kind];
    return (
      <div class="v1step" data-kind={kind}>
        <div class="row">
          <button type="button" disabled={disabled || active(task)} onClick={() => start(kind)}>
            {label}
          </button>
          {task && (
            <span role="status" class={`seg ${task.status.toLowerCase()}`} data-status={task.status}>
              {t.status[task.status.toLowerCase()] ?? task.status}
              {task.status === 'RUNNING' && ` ${task.progress}%`}
              {task.message && active(task) ? ` — ${task.message}` : ''}
              {task.error ? ` — ${task.error}` : ''}
            </span>
          )}
          {result && (
            <a href={result.url} download={`${kind}-${task?.id}.json`}>
              {t.dubbingJson} ({label})
            </a>
          )}
        </div>
      </div>
    );
  };

  const dubbed = (results.dubbing?.json as { dubbing_script?: DubbedLine[] } | undefined)?.dubbing_script;
  return (
    <article class="dubbing">
      <a href="#/" class="back">
        {t.back}
      </a>
      <h2>{t.dubbing}</h2>
      <label>
        {t.transcript}
        <input
          type="file"
          accept=".srt,.vtt,.json,.txt,text/plain,application/json"
          onChange={async (e) => {
            const file = e.currentTarget.files?.[0];
            if (!file) return;
            setError('');
            setUpload(null);
            setTasks({});
            setResults({});
            try {
              setUpload(await v1Upload(file));
            } catch (err) {
              setError(errorText(err));
            }
          }}
        />
      </label>
      {upload && (
        <p role="status">
          {t.uploaded}: {upload.relative_path} ({upload.size} B)
        </p>
      )}
      <div class="grid2">
        <label>
          {t.template}
          <select
            value={template}
            onChange={(e) => {
              setTemplate(e.currentTarget.value);
              setVoice('');
            }}
          >
            <option value="">{t.defaultTemplate}</option>
            {voices.map((v) => (
              <option key={v.name} value={v.name}>
                {v.name} ({v.language})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.voice}
          <select
            value={voice}
            disabled={!chosen?.voices.length}
            onChange={(e) => setVoice(e.currentTarget.value)}
          >
            <option value="">{chosen?.voice ?? '—'}</option>
            {chosen?.voices.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        <label>
          {t.speed}
          <input
            type="number"
            min={0.5}
            max={2}
            step={0.1}
            value={speed}
            onInput={(e) => setSpeed(e.currentTarget.value)}
          />
        </label>
        <label>
          {t.sourceMedia}
          <input value={media} maxLength={255} onInput={(e) => setMedia(e.currentTarget.value)} />
        </label>
      </div>
      {step('narration', t.runNarration, !upload)}
      {step('dubbing', t.runDubbing, !upload)}
      {step('editing', t.runEditing, !upload || tasks.dubbing?.status !== 'COMPLETED' || !media.trim())}
      <p role="alert" class="error">
        {error}
      </p>
      {dubbed && (
        <ol class="lines" aria-label={t.dubbedLines}>
          {dubbed.map((line, i) => (
            <li key={line.audio_file_path}>
              <p>
                {line.narration} <span class="muted">({line.duration_seconds} s)</span>
              </p>
              <LineAudio n={i + 1} path={line.audio_file_path} />
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

/** One line's WAV: fetched with the token when asked for, then an ordinary player. */
function LineAudio({ n, path }: { n: number; path: string }) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState('');
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  if (url)
    // biome-ignore lint/a11y/useMediaCaption: the line's text is shown just above its audio
    return <audio controls autoPlay src={url} aria-label={`${t.line} ${n}`} />;
  return (
    <>
      <button
        type="button"
        class="secondary"
        aria-label={`${t.listen} ${t.line} ${n}`}
        onClick={() =>
          v1Blob(`/api/v1/files/download/?path=${encodeURIComponent(path)}`).then(setUrl, (err) =>
            setError(errorText(err)),
          )
        }
      >
        {t.listen}
      </button>
      {error && <span class="error">{error}</span>}
    </>
  );
}
