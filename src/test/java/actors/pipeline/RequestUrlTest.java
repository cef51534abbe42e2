package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** URLs read as the HTTP client will send them, or refused with the reason. */
class RequestUrlTest {

  @Test
  void nonAscii_isRequestedPercentEncodedAsUtf8() throws Exception {
    RequestUrl url = RequestUrl.parse("http://example.com/ok/é?q=ü");
    assertThat(url.request().toString()).isEqualTo("http://example.com/ok/%C3%A9?q=%C3%BC");
    assertThat(url.display()).isEqualTo("http://example.com/ok/é?q=ü");
  }

  @Test
  void credentials_becomeBasicAuth_andAreMaskedInTheDisplay() throws Exception {
    RequestUrl url = RequestUrl.parse("https://ann:p%40ss@example.com/f");
    assertThat(url.request().toString()).isEqualTo("https://example.com/f");
    assertThat(url.display()).isEqualTo("https://ann:***@example.com/f");
    assertThat(url.identity()).isEqualTo("https://ann@example.com/f");
    assertThat(url.authorization()).hasValue("Basic YW5uOnBAc3M="); // ann:p@ss
  }

  @Test
  void display_leavesUrlsWithoutAPasswordAlone() throws Exception {
    assertThat(RequestUrl.parse("http://ann@example.com/a:b@c").display())
        .isEqualTo("http://ann@example.com/a:b@c");
    assertThat(RequestUrl.parse("http://example.com/?u=a:b@c").display())
        .isEqualTo("http://example.com/?u=a:b@c");
    assertThat(RequestUrl.masked("http://a:b@c:d@host/")).isEqualTo("http://a:***@host/");
    assertThat(RequestUrl.masked("not a url")).isEqualTo("not a url");
  }

  @Test
  void refused_eachWithItsCode() {
    assertCode("ftp://example.com/x", ErrorCode.UNSUPPORTED_SCHEME);
    assertCode("example.com/x", ErrorCode.UNSUPPORTED_SCHEME);
    assertCode("http:///x", ErrorCode.NO_HOST);
    assertCode("http://example.com:70000/x", ErrorCode.BAD_PORT);
    assertCode("http://example.com:99999999999/x", ErrorCode.BAD_PORT);
    assertCode("http://example.com:-1/x", ErrorCode.BAD_PORT);
    assertCode("http://example.com/a b", ErrorCode.MALFORMED_URL);
    assertCode("http://[::1/", ErrorCode.MALFORMED_URL);
  }

  private static void assertCode(String text, ErrorCode code) {
    assertThatThrownBy(() -> RequestUrl.parse(text))
        .as(text)
        .isInstanceOfSatisfying(
            RequestUrl.Invalid.class, invalid -> assertThat(invalid.code).isEqualTo(code));
  }

  @Test
  void userNamesWithCharactersRegexesOrParsersMindStillParse() throws Exception {
    for (String user : new String[] {"a$b", "a%5Cb", "a%20b", "a%40b"}) {
      RequestUrl url = RequestUrl.parse("http://" + user + ":pw@example.com/f");
      assertThat(url.identity()).as(user).isEqualTo("http://" + user + "@example.com/f");
      assertThat(url.display()).as(user).isEqualTo("http://" + user + ":***@example.com/f");
      assertThat(url.fileName()).as(user).startsWith("example.com_f-");
    }
  }

  @Test
  void masked_aLineThatIsNoUrl_hidesWhatLooksLikeAPassword_evenWithSlashesOrHashes() {
    assertThat(RequestUrl.masked("http://user:pa/ss@host/x")).isEqualTo("http://user:***@host/x");
    assertThat(RequestUrl.masked("http://user:se#cret@host")).isEqualTo("http://user:***@host");
    assertThat(RequestUrl.masked("http://u:p@h/ b@c")).isEqualTo("http://u:***@h/ b@c");
  }
}
