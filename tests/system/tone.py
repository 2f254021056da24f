#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write a stereo 16-bit WAV file holding a sine tone.

usage: tone.py RATE SECONDS FREQ_HZ LEVEL_DBFS OUT.wav
The level is that of the sine's peak relative to digital full scale.
"""
import math
import struct
import sys
import wave


def main():
    rate, seconds, freq, dbfs, out = sys.argv[1:6]
    rate, seconds, freq, dbfs = int(rate), float(seconds), float(freq), float(dbfs)
    amp = 32767 * 10 ** (dbfs / 20)
    frames = int(rate * seconds)
    data = bytearray()
    for n in range(frames):
        s = int(round(amp * math.sin(2 * math.pi * freq * n / rate)))
        data += struct.pack('<hh', s, s)
    with wave.open(out, 'wb') as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(data))


if __name__ == '__main__':
    main()
