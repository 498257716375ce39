/**
 * Short tones made on the spot (no audio files to ship): the speaker test, and the chime when a
 * citizen arrives in the lobby.
 */
function toneWav(notes: Array<[frequency: number, seconds: number]>, volume = 0.35): Blob {
  const rate = 22_050;
  const samples = notes.reduce((n, [, s]) => n + Math.round(s * rate), 0);
  const buffer = new ArrayBuffer(44 + samples * 2);
  const view = new DataView(buffer);
  const text = (offset: number, value: string) => [...value].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples * 2, true);
  let offset = 44;
  for (const [frequency, seconds] of notes) {
    const n = Math.round(seconds * rate);
    for (let i = 0; i < n; i++) {
      // A soft attack and release, so the tone does not click.
      const envelope = Math.min(1, i / (rate * 0.02), (n - i) / (rate * 0.08));
      view.setInt16(offset, Math.sin((2 * Math.PI * frequency * i) / rate) * envelope * volume * 32767, true);
      offset += 2;
    }
  }
  return new Blob([buffer], { type: 'audio/wav' });
}

export const SPEAKER_TEST: Array<[number, number]> = [
  [523.25, 0.35],
  [659.25, 0.35],
  [783.99, 0.5],
];
export const ARRIVAL_CHIME: Array<[number, number]> = [
  [880, 0.25],
  [660, 0.4],
];

/** Plays the tones through the chosen output; resolves when done (or at once if blocked). */
export async function playTones(notes: Array<[number, number]>, speakerId: string | null = null): Promise<void> {
  const url = URL.createObjectURL(toneWav(notes));
  const audio = new Audio(url);
  const sink = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
  if (speakerId && sink.setSinkId) await sink.setSinkId(speakerId).catch(() => undefined);
  try {
    await audio.play();
    await new Promise((resolve) => audio.addEventListener('ended', resolve, { once: true }));
  } catch {
    // Autoplay refused before any user gesture: the visible alert still stands.
  } finally {
    URL.revokeObjectURL(url);
  }
}
