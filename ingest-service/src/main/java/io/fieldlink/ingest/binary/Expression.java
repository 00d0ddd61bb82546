package io.fieldlink.ingest.binary;

import java.util.Locale;

/**
 * A tiny arithmetic expression on {@code x}, the raw value of a field: numbers, {@code x},
 * {@code + - * /}, unary minus and parentheses, evaluated in double precision. Parsed by hand
 * (recursive descent), never by a script engine: nothing but arithmetic can be expressed.
 *
 * <p>Shorthand: an expression that does not mention {@code x} and starts with an operator is
 * applied to {@code x}, so {@code /100} means {@code x/100} and {@code -40} means {@code x-40}
 * (SORACOM Binary Parser style). Any other expression must mention {@code x}.
 *
 * <pre>
 * expr    := term (('+' | '-') term)*
 * term    := unary (('*' | '/') unary)*
 * unary   := ('-' | '+') unary | primary
 * primary := number | 'x' | '(' expr ')'
 * number  := digits ['.' digits] | '.' digits
 * </pre>
 */
final class Expression {

    static final int MAX_LENGTH = 200;
    static final int MAX_DEPTH = 20;

    private sealed interface Node permits Constant, Variable, Negate, Binary {
        double eval(double x);
    }

    private record Constant(double value) implements Node {
        public double eval(double x) {
            return value;
        }
    }

    private record Variable() implements Node {
        public double eval(double x) {
            return x;
        }
    }

    private record Negate(Node operand) implements Node {
        public double eval(double x) {
            return -operand.eval(x);
        }
    }

    private record Binary(char op, Node left, Node right) implements Node {
        public double eval(double x) {
            double l = left.eval(x);
            double r = right.eval(x);
            return switch (op) {
                case '+' -> l + r;
                case '-' -> l - r;
                case '*' -> l * r;
                default -> l / r;
            };
        }
    }

    private final String source;
    private final Node root;

    private Expression(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    /** @throws IllegalArgumentException naming the position of the first problem */
    static Expression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expression is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("expression is longer than " + MAX_LENGTH + " characters");
        }
        String trimmed = text.strip();
        String effective = trimmed;
        boolean mentionsX = trimmed.toLowerCase(Locale.ROOT).indexOf('x') >= 0;
        if (!mentionsX) {
            if ("+-*/".indexOf(trimmed.charAt(0)) < 0) {
                throw new IllegalArgumentException("expression '" + trimmed
                        + "' does not use x (write e.g. 'x/100', or the shorthand '/100')");
            }
            effective = "x" + trimmed;
        }
        Parser parser = new Parser(effective);
        Node root = parser.expression(0);
        parser.skipSpaces();
        if (parser.pos < effective.length()) {
            throw parser.error("unexpected '" + effective.charAt(parser.pos) + "'");
        }
        return new Expression(effective, root);
    }

    double apply(double x) {
        return root.eval(x);
    }

    @Override
    public String toString() {
        return source;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Node expression(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
            Node left = term(depth);
            while (true) {
                skipSpaces();
                if (peek('+') || peek('-')) {
                    char op = s.charAt(pos++);
                    left = new Binary(op, left, term(depth));
                } else {
                    return left;
                }
            }
        }

        Node term(int depth) {
            Node left = unary(depth);
            while (true) {
                skipSpaces();
                if (peek('*') || peek('/')) {
                    char op = s.charAt(pos++);
                    left = new Binary(op, left, unary(depth));
                } else {
                    return left;
                }
            }
        }

        Node unary(int depth) {
            skipSpaces();
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
            if (peek('-')) {
                pos++;
                return new Negate(unary(depth + 1));
            }
            if (peek('+')) {
                pos++;
                return unary(depth + 1);
            }
            return primary(depth);
        }

        Node primary(int depth) {
            skipSpaces();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            if (c == 'x' || c == 'X') {
                pos++;
                return new Variable();
            }
            if (c == '(') {
                pos++;
                Node inner = expression(depth + 1);
                skipSpaces();
                if (!peek(')')) {
                    throw error("missing ')'");
                }
                pos++;
                return inner;
            }
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            throw error("unexpected '" + c + "'");
        }

        Node number() {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                int fractionStart = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (pos == fractionStart) {
                    throw error("a number needs digits after '.'");
                }
            }
            String digits = s.substring(start, pos);
            if (digits.equals(".")) {
                throw error("a number needs digits");
            }
            return new Constant(Double.parseDouble(digits));
        }

        boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("expression '" + s + "': " + message + " at position " + (pos + 1));
        }
    }
}
