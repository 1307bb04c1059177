package io.recsync.demo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Writes real PCM WAV files as a telephony recorder would (8 kHz, mono, 16-bit): a RIFF header
 * any player accepts, then a few seconds of a two-tone signal with a little noise.
 */
public final class WavWriter {

    public static final int SAMPLE_RATE = 8000;

    private WavWriter() {}

    /** A complete WAV file of {@code seconds} of audio. */
    public static byte[] tone(double seconds, Random random) {
        int samples = (int) Math.round(seconds * SAMPLE_RATE);
        int dataBytes = samples * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1)            // PCM
                .putShort((short) 1)            // mono
                .putInt(SAMPLE_RATE)
                .putInt(SAMPLE_RATE * 2)        // byte rate
                .putShort((short) 2)            // block align
                .putShort((short) 16);          // bits per sample
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        double f1 = 300 + random.nextInt(500);
        double f2 = 900 + random.nextInt(1500);
        for (int i = 0; i < samples; i++) {
            double t = (double) i / SAMPLE_RATE;
            double v = 0.45 * Math.sin(2 * Math.PI * f1 * t) + 0.25 * Math.sin(2 * Math.PI * f2 * t)
                    + 0.05 * (random.nextDouble() * 2 - 1);
            b.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v * 20000))));
        }
        return b.array();
    }
}
