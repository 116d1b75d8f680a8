// The narration files the Speech segment writes and the timeline reads: where they live and how a
// page WAV is joined from its segment WAVs. One definition, so the two can never disagree.

/**
 * Silence between two segments inside a page WAV. The page WAV is segment 1, pause, segment 2, …
 * with no leading or trailing silence.
 */
export const SEGMENT_PAUSE_SECONDS = 0.35;

export const SPEECH_DIR = 'speech';
export const segmentAudioPath = (page: number, k: number) => `${SPEECH_DIR}/p${page}_${k}.wav`;
export const pageAudioPath = (page: number) => `${SPEECH_DIR}/p${page}.wav`;
