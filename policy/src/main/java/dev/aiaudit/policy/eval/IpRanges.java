package dev.aiaudit.policy.eval;

import java.math.BigInteger;

/**
 * {@code ipRangeContains(range, target)} (Azure docs: concepts/definition-structure-policy-rule,
 * "Policy functions"): both IPv4 or both IPv6; the range is an address, a CIDR prefix or
 * {@code first-last}; the target an address, a CIDR prefix or a range, contained as a whole. A
 * malformed address or a mix of families is an {@link EvalException}.
 */
final class IpRanges {
  private IpRanges() {}

  private record Range(BigInteger lo, BigInteger hi, boolean v6) {}

  static boolean contains(String range, String target) {
    Range r = parse(range);
    Range t = parse(target);
    if (r.v6() != t.v6()) {
      throw new EvalException("ipRangeContains: '" + range + "' and '" + target + "' are of different IP families");
    }
    return r.lo().compareTo(t.lo()) <= 0 && r.hi().compareTo(t.hi()) >= 0;
  }

  private static Range parse(String s) {
    String t = s.trim();
    int dash = t.indexOf('-');
    if (dash > 0) {
      Range a = parse(t.substring(0, dash));
      Range b = parse(t.substring(dash + 1));
      if (a.v6() != b.v6() || a.lo().compareTo(b.hi()) > 0) {
        throw new EvalException("ipRangeContains: bad range '" + s + "'");
      }
      return new Range(a.lo(), b.hi(), a.v6());
    }
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    boolean v6 = addr.contains(":");
    BigInteger value = v6 ? v6(addr, s) : v4(addr, s);
    int bits = v6 ? 128 : 32;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new EvalException("ipRangeContains: bad prefix in '" + s + "'");
      }
    }
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    BigInteger lo = value.andNot(hostMask);
    return new Range(lo, lo.or(hostMask), v6);
  }

  private static BigInteger v4(String addr, String orig) {
    String[] parts = addr.split("\\.", -1);
    if (parts.length != 4) {
      throw new EvalException("ipRangeContains: not an IP address: '" + orig + "'");
    }
    long v = 0;
    for (String p : parts) {
      int n;
      try {
        n = p.isEmpty() || p.length() > 3 ? -1 : Integer.parseInt(p);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 0 || n > 255) {
        throw new EvalException("ipRangeContains: not an IP address: '" + orig + "'");
      }
      v = v << 8 | n;
    }
    return BigInteger.valueOf(v);
  }

  private static BigInteger v6(String addr, String orig) {
    int dbl = addr.indexOf("::");
    String[] head = dbl < 0 ? addr.split(":", -1) : addr.substring(0, dbl).isEmpty() ? new String[0] : addr.substring(0, dbl).split(":", -1);
    String[] tail = dbl < 0 ? new String[0] : addr.substring(dbl + 2).isEmpty() ? new String[0] : addr.substring(dbl + 2).split(":", -1);
    int groups = head.length + tail.length;
    if ((dbl < 0 && groups != 8) || groups > 8 || (dbl >= 0 && addr.indexOf("::", dbl + 1) >= 0)) {
      throw new EvalException("ipRangeContains: not an IP address: '" + orig + "'");
    }
    BigInteger v = BigInteger.ZERO;
    for (String g : head) {
      v = v.shiftLeft(16).or(group(g, orig));
    }
    v = v.shiftLeft(16 * (8 - groups));
    for (String g : tail) {
      v = v.shiftLeft(16).or(group(g, orig));
    }
    return v;
  }

  private static BigInteger group(String g, String orig) {
    if (g.isEmpty() || g.length() > 4) {
      throw new EvalException("ipRangeContains: not an IP address: '" + orig + "'");
    }
    try {
      return BigInteger.valueOf(Integer.parseInt(g, 16));
    } catch (NumberFormatException e) {
      throw new EvalException("ipRangeContains: not an IP address: '" + orig + "'");
    }
  }
}
