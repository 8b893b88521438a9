package dev.idtrain.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The checkpoint file format: a magic and version, the fields of {@link Checkpoint} in order,
 * then a CRC32C of everything before it. A file whose checksum does not match is refused whole.
 */
final class CheckpointCodec {
  private static final int MAGIC = 0x49445443; // "IDTC"
  private static final int VERSION = 1;
  private static final int CHECKSUM_BYTES = Long.BYTES;

  private CheckpointCodec() {}

  static byte[] encode(Checkpoint c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(c.step());
      out.writeLong(c.nextBatch());
      out.writeLong(c.samples());
      out.writeDouble(c.elapsedSeconds());
      out.writeFloat(c.learningRate());
      out.writeInt(c.rollbacks());
      writeBytes(out, c.configYaml().getBytes(StandardCharsets.UTF_8));
      writeMatrix(out, c.clusterVectors());
      out.writeInt(c.generatorWeights().length);
      for (double[][] layer : c.generatorWeights()) {
        writeMatrix(out, layer);
      }
      out.writeDouble(c.generatorThreshold());
      writeFloats(out, c.parameters());
      out.writeLong(c.adamUpdates());
      writeFloats(out, c.adamMeans());
      writeFloats(out, c.adamVariances());
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
    byte[] body = bytes.toByteArray();
    byte[] file = Arrays.copyOf(body, body.length + CHECKSUM_BYTES);
    ByteBuffer.wrap(file, body.length, CHECKSUM_BYTES).putLong(checksum(body, body.length));
    return file;
  }

  /** @throws CorruptCheckpointException if the checksum, magic or structure is wrong */
  static Checkpoint decode(byte[] file) {
    if (file.length < 2 * Integer.BYTES + CHECKSUM_BYTES) {
      throw new CorruptCheckpointException("truncated (" + file.length + " bytes)");
    }
    int bodyLength = file.length - CHECKSUM_BYTES;
    long stored = ByteBuffer.wrap(file, bodyLength, CHECKSUM_BYTES).getLong();
    if (stored != checksum(file, bodyLength)) {
      throw new CorruptCheckpointException("checksum mismatch");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, 0, bodyLength))) {
      if (in.readInt() != MAGIC) {
        throw new CorruptCheckpointException("not a checkpoint");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new CorruptCheckpointException("format version " + version + ", expected " + VERSION);
      }
      long step = in.readLong();
      long nextBatch = in.readLong();
      long samples = in.readLong();
      double elapsed = in.readDouble();
      float learningRate = in.readFloat();
      int rollbacks = in.readInt();
      String config = new String(readBytes(in), StandardCharsets.UTF_8);
      double[][] vectors = readMatrix(in);
      double[][][] layers = new double[in.readInt()][][];
      for (int l = 0; l < layers.length; l++) {
        layers[l] = readMatrix(in);
      }
      double threshold = in.readDouble();
      List<float[]> parameters = readFloats(in);
      long updates = in.readLong();
      return new Checkpoint(step, nextBatch, samples, elapsed, learningRate, rollbacks, config,
          vectors, layers, threshold, parameters, updates, readFloats(in), readFloats(in));
    } catch (IOException | RuntimeException e) {
      throw e instanceof CorruptCheckpointException c ? c
          : new CorruptCheckpointException("malformed: " + e);
    }
  }

  private static long checksum(byte[] data, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, 0, length);
    return crc.getValue();
  }

  private static void writeBytes(DataOutputStream out, byte[] data) throws IOException {
    out.writeInt(data.length);
    out.write(data);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] data = new byte[in.readInt()];
    in.readFully(data);
    return data;
  }

  private static void writeMatrix(DataOutputStream out, double[][] m) throws IOException {
    out.writeInt(m.length);
    out.writeInt(m.length == 0 ? 0 : m[0].length);
    for (double[] row : m) {
      for (double x : row) {
        out.writeDouble(x);
      }
    }
  }

  private static double[][] readMatrix(DataInputStream in) throws IOException {
    double[][] m = new double[in.readInt()][in.readInt()];
    for (double[] row : m) {
      for (int j = 0; j < row.length; j++) {
        row[j] = in.readDouble();
      }
    }
    return m;
  }

  private static void writeFloats(DataOutputStream out, List<float[]> arrays) throws IOException {
    out.writeInt(arrays.size());
    for (float[] a : arrays) {
      out.writeInt(a.length);
      for (float x : a) {
        out.writeFloat(x);
      }
    }
  }

  private static List<float[]> readFloats(DataInputStream in) throws IOException {
    int count = in.readInt();
    List<float[]> arrays = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      float[] a = new float[in.readInt()];
      for (int j = 0; j < a.length; j++) {
        a[j] = in.readFloat();
      }
      arrays.add(a);
    }
    return arrays;
  }
}
