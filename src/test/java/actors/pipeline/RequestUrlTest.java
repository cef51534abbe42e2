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
  void masked_leavesUrlsWithoutAPasswordAlone() {
    assertThat(RequestUrl.masked("http://ann@example.com/a:b@c"))
        .isEqualTo("http://ann@example.com/a:b@c");
    assertThat(RequestUrl.masked("http://example.com/?u=a:b@c"))
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
    assertCode("http://example.com/a b", ErrorCode.MALFORMED_URL);
    assertCode("http://[::1/", ErrorCode.MALFORMED_URL);
  }

  private static void assertCode(String text, ErrorCode code) {
    assertThatThrownBy(() -> RequestUrl.parse(text))
        .as(text)
        .isInstanceOfSatisfying(
            RequestUrl.Invalid.class, invalid -> assertThat(invalid.code).isEqualTo(code));
  }
}
