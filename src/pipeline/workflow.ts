// The five-segment workflow: one definition the CLI, the API (`GET /api/task/workflow`) and the
// job layer all read. Segments run in order; each depends on the one before it.
import type { OwnedOutputs } from '../storage/task-folder.js';

export interface SegmentDefinition {
  segment_id: number;
  name: 'Story' | 'Image' | 'Split' | 'Speech' | 'Video';
  description: string;
  depends_on: number[];
  /** Files, folders and script fields this segment owns; cleared when it is invalidated. */
  outputs: OwnedOutputs;
}

export const WORKFLOW: readonly SegmentDefinition[] = [
  {
    segment_id: 1,
    name: 'Story',
    description: 'Write the title, characters and pages; save script_data.json',
    depends_on: [],
    outputs: { files: ['script_data.json'], scriptFields: [] },
  },
  {
    segment_id: 2,
    name: 'Image',
    description: 'Draw one illustration per page, the same characters on every page',
    depends_on: [1],
    outputs: { files: ['image'], scriptFields: ['pages.*.main_box'] },
  },
  {
    segment_id: 3,
    name: 'Split',
    description: 'Cut each page into speech-friendly segments',
    depends_on: [2],
    outputs: { files: [], scriptFields: ['pages.*.segments'] },
  },
  {
    segment_id: 4,
    name: 'Speech',
    description: 'Narrate every segment and page as WAV, with measured durations',
    depends_on: [3],
    outputs: {
      files: ['speech'],
      scriptFields: [
        'pages.*.audio',
        'pages.*.duration',
        'pages.*.segments.*.audio',
        'pages.*.segments.*.duration',
        'pages.*.segments.*.start',
        'pages.*.segments.*.words',
      ],
    },
  },
  {
    segment_id: 5,
    name: 'Video',
    description: 'Render the MP4: pan/zoom pages, crossfades, narration and subtitles',
    depends_on: [4],
    // Not video/chunks: chunks are named by their inputs, so an edited page's re-render reuses the
    // others; the next render removes those no page uses any more.
    outputs: {
      files: ['video/output.mp4', 'video/subtitles.srt', 'video/subtitles.ass'],
      scriptFields: [],
    },
  },
];

export function segmentById(id: number): SegmentDefinition | undefined {
  return WORKFLOW.find((s) => s.segment_id === id);
}

/** Accepts a segment id ("3") or a name ("split", any case). */
export function parseSegment(value: string): SegmentDefinition | undefined {
  const n = Number(value);
  if (Number.isInteger(n)) return segmentById(n);
  return WORKFLOW.find((s) => s.name.toLowerCase() === value.trim().toLowerCase());
}

/** What the segments after `segmentId` own: their results no longer match once it changes. */
export function outputsAfter(segmentId: number): OwnedOutputs[] {
  return WORKFLOW.filter((s) => s.segment_id > segmentId).map((s) => s.outputs);
}
