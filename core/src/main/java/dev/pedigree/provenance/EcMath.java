package dev.pedigree.provenance;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/**
 * Scalar multiplication on a prime-field curve, used only to derive the public point of a
 * private key that was loaded without one (the JDK exposes no such operation). Not constant
 * time: it runs once per key load, never on data an attacker chooses.
 */
final class EcMath {
  private EcMath() {
  }

  static ECPoint multiplyGenerator(ECParameterSpec params, BigInteger scalar) {
    BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
    BigInteger a = params.getCurve().getA();
    ECPoint result = ECPoint.POINT_INFINITY;
    ECPoint addend = params.getGenerator();
    for (int i = 0; i < scalar.bitLength(); i++) {
      if (scalar.testBit(i)) {
        result = add(result, addend, p, a);
      }
      addend = add(addend, addend, p, a);
    }
    return result;
  }

  private static ECPoint add(ECPoint first, ECPoint second, BigInteger p, BigInteger a) {
    if (first.equals(ECPoint.POINT_INFINITY)) {
      return second;
    }
    if (second.equals(ECPoint.POINT_INFINITY)) {
      return first;
    }
    BigInteger x1 = first.getAffineX();
    BigInteger y1 = first.getAffineY();
    BigInteger x2 = second.getAffineX();
    BigInteger y2 = second.getAffineY();
    BigInteger slope;
    if (x1.equals(x2)) {
      if (y1.add(y2).mod(p).signum() == 0) {
        return ECPoint.POINT_INFINITY;
      }
      slope = x1.pow(2).multiply(BigInteger.valueOf(3)).add(a).multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
    } else {
      slope = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
    }
    BigInteger x3 = slope.pow(2).subtract(x1).subtract(x2).mod(p);
    BigInteger y3 = slope.multiply(x1.subtract(x3)).subtract(y1).mod(p);
    return new ECPoint(x3, y3);
  }
}
