package io.fieldlink.simulator;

/**
 * Identity of one simulated field sensor, stable for a given IMSI prefix.
 *
 * @param number 1-based position on the farm
 * @param imsi   15-digit SIM subscriber id: the IMSI prefix followed by {@code number}, zero-padded
 * @param imei   15-digit device id: a fixed type allocation code, the IMSI's last six digits, a Luhn check digit
 */
public record SimulatedDevice(int number, String imsi, String imei) {

    /** Type allocation code of the (fictional) sensor model. */
    static final String TAC = "35925406";

    static SimulatedDevice of(String imsiPrefix, int number) {
        int width = SimulatorOptions.IMSI_LENGTH - imsiPrefix.length();
        String digits = Long.toString(number);
        if (digits.length() > width) {
            throw new IllegalArgumentException("device " + number + " does not fit after IMSI prefix " + imsiPrefix);
        }
        String imsi = imsiPrefix + "0".repeat(width - digits.length()) + digits;
        String body = TAC + imsi.substring(imsi.length() - 6);
        return new SimulatedDevice(number, imsi, body + luhnCheckDigit(body));
    }

    /** Check digit of an IMEI (Luhn over the first 14 digits). */
    static int luhnCheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }
}
