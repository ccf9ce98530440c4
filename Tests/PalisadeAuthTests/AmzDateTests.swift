import PalisadeAuth
import PalisadeCore
import Testing

struct AmzDateTests {
    @Test(arguments: [
        ("20150830T123600Z", Int64(1_440_938_160)), ("19700101T000000Z", 0), ("20240229T235959Z", 1_709_251_199),
        ("21000301T000000Z", 4_107_542_400),
    ])
    func parsesAndFormatsBasicFormat(text: String, seconds: Int64) {
        let time = AmzDate.parse(text)
        #expect(time == Timestamp(millisecondsSince1970: seconds * 1000))
        #expect(time.map(AmzDate.format) == text)
    }

    @Test(arguments: [
        "", "20150830T123600", "20150830 123600Z", "2015-08-30T12:36:00Z", "20150230T123600Z", "20230229T000000Z",
        "20151330T123600Z", "20150830T243600Z", "20150830T126000Z", "2015083OT123600Z", "+0150830T123600Z",
    ])
    func rejectsAnythingElse(text: String) {
        #expect(AmzDate.parse(text) == nil)
    }

    @Test func parsesHTTPDates() {
        #expect(AmzDate.parseHTTPDate("Sun, 30 Aug 2015 12:36:00 GMT") == AmzDate.parse("20150830T123600Z"))
        #expect(AmzDate.parseHTTPDate("Sun, 30 Aug 2015 12:36:00 PST") == nil)
        #expect(AmzDate.parseHTTPDate("Sunday, 30-Aug-15 12:36:00 GMT") == nil)
        #expect(AmzDate.parseHTTPDate("Sun, 31 Sep 2015 12:36:00 GMT") == nil)
    }

    @Test func formatDropsMilliseconds() {
        #expect(AmzDate.format(Timestamp(millisecondsSince1970: 1_440_938_160_999)) == "20150830T123600Z")
    }
}
