package dev.idtrain.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector arithmetic whose bits do not depend on whether the JIT has compiled it. The Vector API
 * fixes the result of fma, add, multiply, max, bit reinterpretation and integer arithmetic to
 * the bit, but not that of its lanewise EXP or of its float ADD reduction, which may round
 * differently in the interpreter and in compiled code; two runs of one seed would then part
 * after a step. So the exponential is a range reduction and a polynomial of the former, and
 * lanes are summed in a fixed order.
 */
final class ExactLanes {
  private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
  private static final float LOG2_E = 1.44269504f;
  /** ln 2 split so that n * LN2_HIGH is exact for the n that occur here (|n| < 2^9). */
  private static final float LN2_HIGH = 0.693359375f;
  private static final float LN2_LOW = -2.12194440e-4f;
  /** 1.5 * 2^23: added to a float of magnitude below 2^22, rounds it to an integer. */
  private static final float ROUNDING = 12582912f;
  /** exp(r) = 1 + r + r^2 (P0 + P1 r + ... + P5 r^5) on |r| <= ln 2 / 2 (Cephes' expf). */
  private static final float[] POLYNOMIAL = {5.0000001201e-1f, 1.6666665459e-1f,
      4.1665795894e-2f, 8.3334519073e-3f, 1.3981999507e-3f, 1.9875691500e-4f};

  private ExactLanes() {}

  /** The lanes' sum, first lane to last: the same in every execution mode. */
  static float sum(FloatVector v, float[] scratch) {
    v.intoArray(scratch, 0);
    float sum = 0f;
    for (float lane : scratch) {
      sum += lane;
    }
    return sum;
  }

  /**
   * e^x for x in [-80, 0], within 2 ulp: x = n ln 2 + r with |r| <= ln 2 / 2, e^r from a
   * polynomial, 2^n put into the exponent bits. The same bits in every execution mode.
   */
  static FloatVector exp(FloatVector x) {
    // Rounded, n sits in the low bits of t's significand: t's bits less ROUNDING's are n.
    FloatVector t = x.fma(LOG2_E, ROUNDING);
    FloatVector n = t.sub(ROUNDING);
    FloatVector r = n.fma(FloatVector.broadcast(LANES, -LN2_HIGH), x);
    r = n.fma(FloatVector.broadcast(LANES, -LN2_LOW), r);
    FloatVector p = FloatVector.broadcast(LANES, POLYNOMIAL[POLYNOMIAL.length - 1]);
    for (int c = POLYNOMIAL.length - 2; c >= 0; c--) {
      p = p.fma(r, FloatVector.broadcast(LANES, POLYNOMIAL[c]));
    }
    FloatVector er = p.mul(r.mul(r)).add(r).add(1f);
    FloatVector twoToN = t.reinterpretAsInts().add(127 - Float.floatToRawIntBits(ROUNDING))
        .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return er.mul(twoToN);
  }
}
