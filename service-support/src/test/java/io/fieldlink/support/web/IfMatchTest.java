package io.fieldlink.support.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IfMatchTest {

    @Test
    void noHeaderIsNoPrecondition() {
        assertThat(IfMatch.parse(null)).isNull();
        assertThat(IfMatch.parse(" ")).isNull();
    }

    @Test
    void strongTagsMatchTheirRevisionOnly() {
        IfMatch ifMatch = IfMatch.parse("\"3\", \"5\"");

        assertThat(ifMatch.matches(3L)).isTrue();
        assertThat(ifMatch.matches(5L)).isTrue();
        assertThat(ifMatch.matches(4L)).isFalse();
        assertThat(ifMatch.matches(null)).isFalse();
    }

    @Test
    void weakAndUnquotedTagsNeverMatch() {
        assertThat(IfMatch.parse("W/\"3\"").matches(3L)).isFalse();
        assertThat(IfMatch.parse("3").matches(3L)).isFalse();
    }

    @Test
    void starMatchesAnyExistingRuleButNoMissingOne() {
        assertThat(IfMatch.parse("*").matches(1L)).isTrue();
        assertThat(IfMatch.parse(" * ").matches(42L)).isTrue();
        assertThat(IfMatch.parse("*").matches(null)).isFalse();
    }

    @Test
    void etagIsTheQuotedRevision() {
        assertThat(IfMatch.etag(7)).isEqualTo("\"7\"");
        assertThat(IfMatch.parse(IfMatch.etag(7)).matches(7L)).isTrue();
    }
}
