#include "chat/image_size.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "util/error.h"

using tokenmeter::data_url_base64_payload;
using tokenmeter::Error;
using tokenmeter::ErrorCode;
using tokenmeter::ImageSize;
using tokenmeter::read_base64_image_size;
using tokenmeter::read_image_size;

namespace {

// --- Byte builders: the smallest headers each reader needs, written from the format specs. ---

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

std::string be16(uint32_t v) { return bytes({int(v >> 8 & 0xFF), int(v & 0xFF)}); }
std::string be32(uint32_t v) { return be16(v >> 16) + be16(v & 0xFFFF); }
std::string le16(uint32_t v) { return bytes({int(v & 0xFF), int(v >> 8 & 0xFF)}); }
std::string le24(uint32_t v) { return le16(v & 0xFFFF) + bytes({int(v >> 16 & 0xFF)}); }
std::string le32(uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }

std::string png(uint32_t w, uint32_t h) {
  return "\x89PNG\r\n\x1a\n" + be32(13) + "IHDR" + be32(w) + be32(h) +
         bytes({8, 2, 0, 0, 0}) + be32(0x12345678) /* CRC, not checked */ +
         be32(0) + "IEND" + be32(0xAE426082);
}

std::string gif(uint32_t w, uint32_t h, const char* version = "GIF89a") {
  return std::string(version) + le16(w) + le16(h) + bytes({0, 0, 0}) + ";";
}

std::string jpeg_segment(int marker, const std::string& payload) {
  return bytes({0xFF, marker}) + be16(static_cast<uint32_t>(payload.size() + 2)) + payload;
}

// SOI, APP1 (EXIF) of `exif_size` bytes, DQT, DHT, the frame header `sof`, then a scan and EOI.
std::string jpeg(uint32_t w, uint32_t h, int sof = 0xC0, size_t exif_size = 32) {
  std::string exif = "Exif" + std::string(2, '\0') + std::string(exif_size, '\xFF');
  std::string sof_payload = bytes({8}) + be16(h) + be16(w) + bytes({3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1});
  return bytes({0xFF, 0xD8}) + jpeg_segment(0xE1, exif) + jpeg_segment(0xDB, std::string(65, '\x01')) +
         jpeg_segment(0xC4, bytes({0}) + std::string(16, '\0')) + jpeg_segment(sof, sof_payload) +
         jpeg_segment(0xDA, bytes({1, 1, 0, 0, 0x3F, 0})) + "\x12\x34\xFF\x00\x56" +
         bytes({0xFF, 0xD9});
}

std::string riff_webp(const std::string& fourcc, const std::string& payload) {
  std::string chunk = fourcc + le32(static_cast<uint32_t>(payload.size())) + payload;
  return "RIFF" + le32(static_cast<uint32_t>(4 + chunk.size())) + "WEBP" + chunk;
}

std::string webp_vp8(uint32_t w, uint32_t h) {
  // Frame tag (key frame, version 0, shown), start code, 14-bit sizes with scale bits set to 0.
  return riff_webp("VP8 ", bytes({0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A}) + le16(w) + le16(h) +
                               std::string(8, '\0'));
}

std::string webp_vp8l(uint32_t w, uint32_t h) {
  uint32_t bits = (w - 1) | (h - 1) << 14 | 1u << 28 /* alpha hint */;
  return riff_webp("VP8L", bytes({0x2F}) + le32(bits) + std::string(4, '\0'));
}

std::string webp_vp8x(uint32_t w, uint32_t h) {
  return riff_webp("VP8X", bytes({0x10, 0, 0, 0}) + le24(w - 1) + le24(h - 1));
}

// RFC 4648 encoder for the tests, optionally URL-safe and/or unpadded.
std::string base64(const std::string& data, bool url_safe = false, bool pad = true) {
  const char* alphabet = url_safe ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                                  : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t n = uint32_t(uint8_t(data[i])) << 16 | uint32_t(uint8_t(data[i + 1])) << 8 | uint8_t(data[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(alphabet[n >> s & 63]);
  }
  size_t rest = data.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t(uint8_t(data[i])) << 16 | (rest == 2 ? uint32_t(uint8_t(data[i + 1])) << 8 : 0);
    out.push_back(alphabet[n >> 18 & 63]);
    out.push_back(alphabet[n >> 12 & 63]);
    if (rest == 2) out.push_back(alphabet[n >> 6 & 63]);
    if (pad) out.append(3 - rest, '=');
  }
  return out;
}

void expect_size(const std::optional<ImageSize>& got, uint32_t w, uint32_t h) {
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->width, w);
  EXPECT_EQ(got->height, h);
}

struct Sample {
  const char* name;
  std::string data;
  uint32_t w, h;
};

std::vector<Sample> samples() {
  return {
      {"png", png(640, 480), 640, 480},
      {"png-max", png(0xFFFFFFFFu, 7), 0xFFFFFFFFu, 7},
      {"gif89a", gif(300, 200), 300, 200},
      {"gif87a", gif(1, 65535, "GIF87a"), 1, 65535},
      {"jpeg-baseline", jpeg(1024, 768), 1024, 768},
      {"jpeg-progressive", jpeg(4032, 3024, 0xC2), 4032, 3024},
      {"webp-vp8", webp_vp8(550, 368), 550, 368},
      {"webp-vp8l", webp_vp8l(16383, 1), 16383, 1},
      {"webp-vp8x", webp_vp8x(1 << 24, 3), 1u << 24, 3},
  };
}

}  // namespace

// --- Valid headers ---

TEST(ImageSize, ReadsEachFormat) {
  for (const Sample& s : samples()) {
    SCOPED_TRACE(s.name);
    expect_size(read_image_size(s.data), s.w, s.h);
  }
}

TEST(ImageSize, JpegSkipsAppSegmentsAndTablesToTheFrameHeader) {
  // The DHT (C4) segment sits between APP1 and SOF0; reading it as a frame header would give a
  // garbage size, and the big EXIF block must be skipped by its length.
  expect_size(read_image_size(jpeg(800, 600, 0xC0, 60000)), 800, 600);
  expect_size(read_image_size(jpeg(17, 9, 0xC1)), 17, 9);   // extended sequential
  expect_size(read_image_size(jpeg(17, 9, 0xCF)), 17, 9);   // SOF15, the last frame marker
}

TEST(ImageSize, JpegDoesNotMistakeJpgOrDacForAFrameHeader) {
  // A C8 or CC segment laid out like a frame header must be skipped, not read; with no real SOF
  // after it the walk reaches SOS and gives up.
  std::string sof_like = bytes({8}) + be16(100) + be16(200) + bytes({1, 1, 0x11, 0});
  for (int marker : {0xC4, 0xC8, 0xCC}) {
    std::string data = bytes({0xFF, 0xD8}) + jpeg_segment(marker, sof_like) +
                       jpeg_segment(0xDA, bytes({1, 1, 0, 0, 0x3F, 0}));
    EXPECT_FALSE(read_image_size(data)) << std::hex << marker;
  }
}

TEST(ImageSize, JpegFillBytesAndStandaloneMarkers) {
  std::string sof = jpeg_segment(0xC0, bytes({8}) + be16(33) + be16(44) + bytes({1, 1, 0x11, 0}));
  // Fill bytes before a marker, then TEM, RST3 and a repeated SOI, none of which has a length.
  std::string data = bytes({0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0x01, 0xFF, 0xD3, 0xFF, 0xD8}) +
                     jpeg_segment(0xE0, "JFIF") + bytes({0xFF, 0xFF}) + sof;
  expect_size(read_image_size(data), 44, 33);
}

TEST(ImageSize, JpegRejectsBrokenStructure) {
  std::string sof = jpeg_segment(0xC0, bytes({8}) + be16(33) + be16(44) + bytes({1, 1, 0x11, 0}));
  std::string soi = bytes({0xFF, 0xD8});
  EXPECT_FALSE(read_image_size(soi + "x" + sof));                          // garbage between segments
  EXPECT_FALSE(read_image_size(soi + bytes({0xFF, 0x00}) + sof));          // stuffed zero, not a marker
  EXPECT_FALSE(read_image_size(soi + bytes({0xFF, 0xD9}) + sof));          // EOI before the frame
  EXPECT_FALSE(read_image_size(soi + bytes({0xFF, 0xE0, 0x00, 0x01}) + sof));  // length < 2
  EXPECT_FALSE(read_image_size(soi + bytes({0xFF, 0xE0, 0xFF, 0xFF}) + sof));  // length past the end
  // A frame header too short to hold one component.
  EXPECT_FALSE(read_image_size(soi + jpeg_segment(0xC0, bytes({8}) + be16(33) + be16(44))));
  // Height 0 means "defined later by DNL": no size in the header.
  EXPECT_FALSE(read_image_size(jpeg(10, 0)));
  EXPECT_FALSE(read_image_size(jpeg(0, 10)));
}

TEST(ImageSize, RejectsZeroSidesAndInconsistentHeaders) {
  EXPECT_FALSE(read_image_size(png(0, 10)));
  EXPECT_FALSE(read_image_size(png(10, 0)));
  EXPECT_FALSE(read_image_size(gif(0, 10)));
  EXPECT_FALSE(read_image_size(webp_vp8(10, 0)));
  std::string p = png(10, 10);
  p[12] = 'X';  // first chunk is not IHDR
  EXPECT_FALSE(read_image_size(p));
  p = png(10, 10);
  p[11] = 14;  // IHDR length must be 13
  EXPECT_FALSE(read_image_size(p));
  std::string vp8 = webp_vp8(10, 10);
  vp8[23] = static_cast<char>(0x9C);  // broken start code
  EXPECT_FALSE(read_image_size(vp8));
  std::string vp8l = webp_vp8l(10, 10);
  vp8l[20] = 0x2E;  // bad signature
  EXPECT_FALSE(read_image_size(vp8l));
  vp8l = webp_vp8l(10, 10);
  vp8l[24] |= 0x20;  // version bits must be 0
  EXPECT_FALSE(read_image_size(vp8l));
  std::string vp8x = webp_vp8x(10, 10);
  vp8x[16] = 4;  // chunk too small for a canvas size
  EXPECT_FALSE(read_image_size(vp8x));
  EXPECT_FALSE(read_image_size(riff_webp("ALPH", std::string(20, '\0'))));
  std::string not_webp = webp_vp8x(10, 10);
  not_webp[8] = 'A';  // RIFF but WAVE-like
  EXPECT_FALSE(read_image_size(not_webp));
}

TEST(ImageSize, RejectsOtherFormats) {
  EXPECT_FALSE(read_image_size(""));
  EXPECT_FALSE(read_image_size("BM\x36\x00\x00\x00"));  // BMP
  EXPECT_FALSE(read_image_size("%PDF-1.7\n"));
  EXPECT_FALSE(read_image_size("GIF90a" + le16(5) + le16(5)));
  EXPECT_FALSE(read_image_size(std::string("\x89PNG\r\n\x1a", 7) + "x" + be32(13) + "IHDR" + be32(1) + be32(1)));
}

// --- Truncation and corruption: never a crash or an out-of-bounds read (run under ASan). ---

TEST(ImageSize, EveryPrefixIsNulloptOrTheRightSize) {
  for (const Sample& s : samples()) {
    for (size_t n = 0; n <= s.data.size(); ++n) {
      // A heap copy of exactly n bytes, so ASan sees any read past the prefix.
      std::vector<char> prefix(s.data.begin(), s.data.begin() + static_cast<std::ptrdiff_t>(n));
      auto got = read_image_size(std::string_view(prefix.data(), prefix.size()));
      if (got) {
        EXPECT_EQ(got->width, s.w) << s.name << " prefix " << n;
        EXPECT_EQ(got->height, s.h) << s.name << " prefix " << n;
      }
    }
  }
  // The size fields alone are enough; one byte fewer is not.
  EXPECT_FALSE(read_image_size(png(5, 6).substr(0, 23)));
  EXPECT_TRUE(read_image_size(png(5, 6).substr(0, 24)));
  EXPECT_FALSE(read_image_size(gif(5, 6).substr(0, 9)));
  EXPECT_TRUE(read_image_size(gif(5, 6).substr(0, 10)));
  EXPECT_FALSE(read_image_size(webp_vp8x(5, 6).substr(0, 29)));
  EXPECT_TRUE(read_image_size(webp_vp8x(5, 6).substr(0, 30)));
}

TEST(ImageSize, SingleByteCorruptionNeverCrashes) {
  for (const Sample& s : samples()) {
    for (size_t i = 0; i < s.data.size(); ++i) {
      for (int v : {0x00, 0x01, 0x7F, 0x80, 0xC0, 0xD9, 0xDA, 0xFE, 0xFF}) {
        std::vector<char> copy(s.data.begin(), s.data.end());
        copy[i] = static_cast<char>(v);
        auto got = read_image_size(std::string_view(copy.data(), copy.size()));
        if (got) {
          EXPECT_GT(got->width, 0u);
          EXPECT_GT(got->height, 0u);
        }
      }
    }
  }
}

TEST(ImageSize, RandomTailsAfterEachMagicNeverCrash) {
  using namespace std::string_literals;
  std::mt19937 rng(12345);
  const std::vector<std::string> magics = {"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"s, "GIF89a"s, "\xFF\xD8"s,
                                           "RIFF\0\0\0\0WEBPVP8 "s, "RIFF\0\0\0\0WEBPVP8L"s,
                                           "RIFF\0\0\0\0WEBPVP8X"s};
  int found = 0;
  for (int round = 0; round < 6000; ++round) {
    std::string data = magics[static_cast<size_t>(round) % magics.size()];
    size_t tail = rng() % 48;
    // Bias toward 0xFF so the JPEG walk meets markers, fill bytes and short lengths.
    for (size_t i = 0; i < tail; ++i) data.push_back(static_cast<char>(rng() % 3 == 0 ? 0xFF : rng() & 0xFF));
    std::vector<char> copy(data.begin(), data.end());
    auto got = read_image_size(std::string_view(copy.data(), copy.size()));
    if (got) {
      ++found;
      EXPECT_TRUE(got->width > 0 && got->height > 0);
    }
  }
  EXPECT_GT(found, 0);  // the inputs do reach the size fields, not just the magic check
}

// --- Base64 ---

TEST(ImageBase64, DecodesPaddedUnpaddedUrlSafeAndWrapped) {
  // 2 trailing bytes after the PNG make the length ≢ 0 (mod 3), so padding matters; the 0xFB 0xFF
  // run makes the encoding contain '+' and '/' (standard) or '-' and '_' (URL-safe).
  std::string image = png(123, 45) + bytes({0xFB, 0xEF, 0xFF, 0xFF, 0xFF, 0xBE, 0xFB});
  std::string standard = base64(image);
  ASSERT_NE(standard.find('+'), std::string::npos);
  ASSERT_NE(standard.find('/'), std::string::npos);
  ASSERT_EQ(standard.back(), '=');
  std::string url_safe = base64(image, true, false);
  ASSERT_NE(url_safe.find('-'), std::string::npos);
  ASSERT_NE(url_safe.find('_'), std::string::npos);
  std::string wrapped;
  for (size_t i = 0; i < standard.size(); i += 16) wrapped += standard.substr(i, 16) + "\r\n";

  for (const std::string& text : {standard, base64(image, false, false), url_safe, base64(image, true, true),
                                  wrapped, "  " + standard + "\n\t"}) {
    SCOPED_TRACE(text);
    ImageSize size = read_base64_image_size(text);
    EXPECT_EQ(size.width, 123u);
    EXPECT_EQ(size.height, 45u);
  }
}

TEST(ImageBase64, ReadsAJpegWhoseFrameHeaderIsFarIn) {
  ImageSize size = read_base64_image_size(base64(jpeg(3000, 2000, 0xC2, 65000)));
  EXPECT_EQ(size.width, 3000u);
  EXPECT_EQ(size.height, 2000u);
}

void expect_invalid_image(const std::string& text, const std::string& message_part) {
  try {
    read_base64_image_size(text);
    ADD_FAILURE() << "no error for " << text;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidImage) << text;
    EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
  }
}

TEST(ImageBase64, MalformedBase64Throws) {
  std::string good = base64(png(10, 10) + "x");  // ends in "=="
  ASSERT_EQ(good.substr(good.size() - 2), "==");
  expect_invalid_image(good.substr(0, 8) + "*" + good.substr(8), "malformed: unexpected character 0x2a at offset 8");
  expect_invalid_image(good.substr(0, 8) + "\xC3\xA9" + good.substr(8), "malformed");
  expect_invalid_image("iVBO=AAA", "data after '=' padding");
  expect_invalid_image(good + "A", "data after '=' padding");
  expect_invalid_image(good.substr(0, good.size() - 4) + "A", "length");  // 4k+1 characters
  expect_invalid_image(good.substr(0, good.size() - 1), "padding");      // one '=' where two are due
  expect_invalid_image(good + "=", "padding");                            // three '='
  expect_invalid_image("AAAA=", "padding");                              // padding after a full group
}

TEST(ImageBase64, WellFormedBase64OfSomethingElseThrows) {
  expect_invalid_image("", "not a PNG, JPEG, GIF or WebP");
  expect_invalid_image(base64("hello, world"), "not a PNG, JPEG, GIF or WebP");
  expect_invalid_image(base64(png(10, 10).substr(0, 20)), "not a PNG, JPEG, GIF or WebP");  // truncated
}

// --- Data URLs ---

TEST(DataUrl, ReturnsTheBase64Payload) {
  EXPECT_EQ(data_url_base64_payload("data:image/png;base64,iVBORw0KGgo="), "iVBORw0KGgo=");
  EXPECT_EQ(data_url_base64_payload("DATA:image/JPEG;Base64,/9j/"), "/9j/");
  EXPECT_EQ(data_url_base64_payload("data:image/png;name=a,b.png;base64,AAAA"), std::nullopt)
      << "a comma inside a parameter ends the header early";
  EXPECT_EQ(data_url_base64_payload("data:image/png;name=a.png;base64,AAAA"), "AAAA");
  EXPECT_EQ(data_url_base64_payload("data:;base64,QUJD"), "QUJD");
  EXPECT_EQ(data_url_base64_payload("data:image/png;base64,"), "");
}

TEST(DataUrl, RejectsNonBase64AndNonDataUrls) {
  EXPECT_EQ(data_url_base64_payload("data:image/png,%89PNG"), std::nullopt);  // missing ;base64
  EXPECT_EQ(data_url_base64_payload("data:text/plain;charset=base64,abc"), std::nullopt);
  EXPECT_EQ(data_url_base64_payload("data:image/png;base64"), std::nullopt);  // no comma
  EXPECT_EQ(data_url_base64_payload("https://example.com/cat.png"), std::nullopt);
  EXPECT_EQ(data_url_base64_payload("http://example.com/data:image/png;base64,AAAA"), std::nullopt);
  EXPECT_EQ(data_url_base64_payload("dat"), std::nullopt);
  EXPECT_EQ(data_url_base64_payload(""), std::nullopt);
}

TEST(DataUrl, PayloadFeedsTheBase64Reader) {
  std::string url = "data:image/webp;base64," + base64(webp_vp8l(320, 240));
  auto payload = data_url_base64_payload(url);
  ASSERT_TRUE(payload);
  ImageSize size = read_base64_image_size(*payload);
  EXPECT_EQ(size.width, 320u);
  EXPECT_EQ(size.height, 240u);
}
