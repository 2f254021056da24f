#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write a stereo 16-bit sine tone: a WAV file, or raw S16_LE frames.

usage: tone.py RATE SECONDS FREQ_HZ LEVEL_DBFS OUT.wav|OUT.raw
       tone.py --steps RATE FREQ_HZ FROM_DBFS TO_DBFS STEP_DB STEP_MS OUT.raw
The level is that of the sine's peak relative to digital full scale. With
--steps, the tone climbs from FROM_DBFS to TO_DBFS (both included) by STEP_DB,
STEP_MS at each level; the phase runs on across steps.
"""
import math
import struct
import sys
import wave


def frames(rate, count, freq, levels):
    """levels(n): the peak, in dBFS, of frame n."""
    data = bytearray()
    for n in range(count):
        amp = 32767 * 10 ** (levels(n) / 20)
        s = int(round(amp * math.sin(2 * math.pi * freq * n / rate)))
        data += struct.pack('<hh', s, s)
    return bytes(data)


def write(out, rate, data):
    if out.endswith('.raw'):
        with open(out, 'wb') as f:
            f.write(data)
        return
    with wave.open(out, 'wb') as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data)


def main():
    if sys.argv[1] == '--steps':
        rate, freq, lo, hi, step, ms, out = sys.argv[2:9]
        rate, freq, lo, hi, step, ms = (int(rate), float(freq), float(lo),
                                        float(hi), float(step), float(ms))
        per = int(rate * ms / 1000)
        count = int(round((hi - lo) / step)) + 1
        write(out, rate, frames(rate, per * count, freq,
                                lambda n: lo + step * (n // per)))
        return
    rate, seconds, freq, dbfs, out = sys.argv[1:6]
    rate, seconds, freq, dbfs = int(rate), float(seconds), float(freq), float(dbfs)
    write(out, rate, frames(rate, int(rate * seconds), freq, lambda n: dbfs))


if __name__ == '__main__':
    main()
