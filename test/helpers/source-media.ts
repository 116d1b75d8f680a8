// Source media as an editor's machine holds it: a test-pattern video with a tone, made by ffmpeg,
// and the transcript of a short scene about a storm (three speakers, pauses between scenes).
import { execFileSync } from 'node:child_process';

/** An H.264 + AAC MP4 of testsrc2 and a sine tone. */
export function makeSourceVideo(path: string, opts: { seconds: number; size?: string; rate?: number }): void {
  const { seconds } = opts;
  execFileSync('ffmpeg', [
    ...[
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${opts.size ?? '320x240'}:rate=${opts.rate ?? 30}:duration=${seconds}`,
    ],
    ...['-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=48000:duration=${seconds}`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path],
  ]);
}

/** Seven lines in three scenes (1–9.6 s, 16–21.6 s, 28–33.6 s). */
export const STORM_SRT = `1
00:00:01,000 --> 00:00:03,600
Alice: We need to leave before the storm comes.

2
00:00:04,000 --> 00:00:06,600
Bob: The storm? The sky is perfectly clear.

3
00:00:07,000 --> 00:00:09,600
Alice: Look at the birds. They are all flying inland.

4
00:00:16,000 --> 00:00:18,600
Carol: Did anyone see my keys? I left them on the table.

5
00:00:19,000 --> 00:00:21,600
Bob: Your keys are in the car, Carol.

6
00:00:28,000 --> 00:00:30,600
Alice: The wind is getting stronger. Get the boat inside.

7
00:00:31,000 --> 00:00:33,600
Bob: Fine, fine. I will get the boat.
`;
