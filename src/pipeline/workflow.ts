// The five-segment workflow: one definition the CLI, the API (`GET /api/task/workflow`) and the
// job layer all read. Segments run in order; each depends on the one before it.

export interface SegmentDefinition {
  segment_id: number;
  name: 'Story' | 'Image' | 'Split' | 'Speech' | 'Video';
  description: string;
  depends_on: number[];
  /** Files and folders (relative to the task folder) this segment owns; cleared when it is invalidated. */
  outputs: string[];
}

export const WORKFLOW: readonly SegmentDefinition[] = [
  {
    segment_id: 1,
    name: 'Story',
    description: 'Write the title, characters and pages; save script_data.json',
    depends_on: [],
    outputs: ['script_data.json'],
  },
  {
    segment_id: 2,
    name: 'Image',
    description: 'Draw one illustration per page, the same characters on every page',
    depends_on: [1],
    outputs: ['image'],
  },
  {
    segment_id: 3,
    name: 'Split',
    description: 'Cut each page into speech-friendly segments',
    depends_on: [2],
    outputs: [],
  },
  {
    segment_id: 4,
    name: 'Speech',
    description: 'Narrate every segment and page as WAV, with measured durations',
    depends_on: [3],
    outputs: ['speech'],
  },
  {
    segment_id: 5,
    name: 'Video',
    description: 'Render the MP4: pan/zoom pages, crossfades, narration and subtitles',
    depends_on: [4],
    outputs: ['video'],
  },
];

export type SegmentName = SegmentDefinition['name'];

export function segmentById(id: number): SegmentDefinition | undefined {
  return WORKFLOW.find((s) => s.segment_id === id);
}

/** Accepts a segment id ("3") or a name ("split", any case). */
export function parseSegment(value: string): SegmentDefinition | undefined {
  const n = Number(value);
  if (Number.isInteger(n)) return segmentById(n);
  return WORKFLOW.find((s) => s.name.toLowerCase() === value.trim().toLowerCase());
}
