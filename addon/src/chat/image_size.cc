// Image dimensions from file headers. Each reader checks that every byte it touches is present, so
// a truncated or hostile payload yields nullopt rather than a read past the end.
//
// EXIF orientation is ignored on purpose: the sizes are the stored pixel grid (a portrait photo
// saved as landscape pixels plus "rotate 90°" reports landscape). Providers do not document whether
// they rotate before counting, and for the area and patch formulas the swap changes nothing; only
// the OpenAI tile count can differ by a tile for some sizes.
#include "chat/image_size.h"

#include <cstdio>
#include <string>

#include "util/base64.h"
#include "util/error.h"

namespace tokenmeter {
namespace {

// True when bytes[pos, pos + n) exists; written so pos + n cannot overflow.
bool has(std::string_view bytes, size_t pos, size_t n) {
  return pos <= bytes.size() && n <= bytes.size() - pos;
}

uint32_t u8(std::string_view b, size_t pos) { return static_cast<unsigned char>(b[pos]); }
uint32_t be16(std::string_view b, size_t pos) { return u8(b, pos) << 8 | u8(b, pos + 1); }
uint32_t le16(std::string_view b, size_t pos) { return u8(b, pos) | u8(b, pos + 1) << 8; }
uint32_t le24(std::string_view b, size_t pos) { return le16(b, pos) | u8(b, pos + 2) << 16; }
uint32_t be32(std::string_view b, size_t pos) { return be16(b, pos) << 16 | be16(b, pos + 2); }
uint32_t le32(std::string_view b, size_t pos) { return le16(b, pos) | le16(b, pos + 2) << 16; }

bool starts_with(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

// PNG: 8-byte signature, then the first chunk must be IHDR (length 13) with big-endian width and
// height as its first fields.
std::optional<ImageSize> read_png(std::string_view b) {
  if (!has(b, 8, 16) || b.substr(12, 4) != "IHDR" || be32(b, 8) != 13) return std::nullopt;
  return ImageSize{be32(b, 16), be32(b, 20)};
}

// GIF: the logical screen descriptor right after "GIF87a"/"GIF89a" holds little-endian width and
// height. (Individual frames may be placed inside it, but the screen is what is displayed.)
std::optional<ImageSize> read_gif(std::string_view b) {
  if (!has(b, 6, 4)) return std::nullopt;
  return ImageSize{le16(b, 6), le16(b, 8)};
}

bool is_jpeg_frame_header(uint32_t marker) {
  // SOF0..SOF15 share C0..CF with three markers that are not frame headers: DHT (C4), JPG (C8,
  // reserved) and DAC (CC).
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

bool is_jpeg_standalone(uint32_t marker) {
  // Markers without a length field: TEM, RST0..RST7, SOI.
  return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8);
}

// JPEG: walk the marker segments (APPn/EXIF, DQT, DHT, ...) to the first frame header. The frame
// header always precedes the first scan, so reaching SOS or EOI first means there is no size to
// read. Bytes between segments other than 0xFF fill are treated as corruption, not skipped.
std::optional<ImageSize> read_jpeg(std::string_view b) {
  size_t pos = 2;  // past SOI
  for (;;) {
    if (!has(b, pos, 1) || u8(b, pos) != 0xFF) return std::nullopt;
    while (has(b, pos, 1) && u8(b, pos) == 0xFF) ++pos;  // the marker's 0xFF plus any fill bytes
    if (!has(b, pos, 1)) return std::nullopt;
    uint32_t marker = u8(b, pos++);
    if (is_jpeg_standalone(marker)) continue;
    if (marker == 0x00 || marker == 0xD9 || marker == 0xDA) return std::nullopt;  // data, EOI, SOS
    if (!has(b, pos, 2)) return std::nullopt;
    size_t length = be16(b, pos);  // counts its own two bytes
    if (length < 2) return std::nullopt;
    if (is_jpeg_frame_header(marker)) {
      // length(2) precision(1) height(2) width(2) components(1) + 3 per component (at least one).
      if (length < 11 || !has(b, pos, 7)) return std::nullopt;
      return ImageSize{be16(b, pos + 5), be16(b, pos + 3)};
    }
    pos += length;  // bounded by the 16-bit length, so no overflow; checked on the next pass
  }
}

// WebP: "RIFF" <size> "WEBP", then the first chunk decides the layout. Its payload starts at 20.
std::optional<ImageSize> read_webp(std::string_view b) {
  if (!has(b, 12, 8)) return std::nullopt;
  std::string_view fourcc = b.substr(12, 4);
  uint32_t chunk_size = le32(b, 16);
  const size_t p = 20;
  if (fourcc == "VP8 ") {
    // Lossy: 3-byte frame tag, the key-frame start code 9d 01 2a, then 14-bit width and height
    // (the top two bits are an upscaling hint, not part of the size).
    if (chunk_size < 10 || !has(b, p, 10)) return std::nullopt;
    if (u8(b, p + 3) != 0x9d || u8(b, p + 4) != 0x01 || u8(b, p + 5) != 0x2a) return std::nullopt;
    return ImageSize{le16(b, p + 6) & 0x3FFF, le16(b, p + 8) & 0x3FFF};
  }
  if (fourcc == "VP8L") {
    // Lossless: signature 0x2f, then 32 bits: width-1 (14), height-1 (14), alpha (1), version (3).
    if (chunk_size < 5 || !has(b, p, 5) || u8(b, p) != 0x2F) return std::nullopt;
    uint32_t bits = le32(b, p + 1);
    if (bits >> 29 != 0) return std::nullopt;  // only version 0 exists
    return ImageSize{(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
  }
  if (fourcc == "VP8X") {
    // Extended: flags (1), reserved (3), canvas width-1 (24), canvas height-1 (24).
    if (chunk_size < 10 || !has(b, p, 10)) return std::nullopt;
    return ImageSize{le24(b, p + 4) + 1, le24(b, p + 7) + 1};
  }
  return std::nullopt;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::optional<ImageSize> read_image_size(std::string_view bytes) {
  std::optional<ImageSize> size;
  if (starts_with(bytes, "\x89PNG\r\n\x1a\n")) size = read_png(bytes);
  else if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) size = read_gif(bytes);
  else if (starts_with(bytes, "\xFF\xD8")) size = read_jpeg(bytes);
  else if (starts_with(bytes, "RIFF") && has(bytes, 8, 4) && bytes.substr(8, 4) == "WEBP") {
    size = read_webp(bytes);
  }
  // A zero side is either corrupt or (JPEG) deferred to a DNL marker after the scan; neither can
  // be counted.
  if (size && (size->width == 0 || size->height == 0)) return std::nullopt;
  return size;
}

ImageSize read_base64_image_size(std::string_view base64) {
  // Decode everything: the base64 must be validated anyway, and a JPEG's frame header can sit
  // behind tens of kilobytes of EXIF and thumbnail data.
  std::string bytes;
  std::string why = base64_decode_lenient(base64, bytes);
  if (!why.empty()) throw Error(ErrorCode::kInvalidImage, "image base64 is malformed: " + why);
  std::optional<ImageSize> size = read_image_size(bytes);
  if (!size) {
    throw Error(ErrorCode::kInvalidImage,
                "image data is not a PNG, JPEG, GIF or WebP with a readable size in its header");
  }
  return *size;
}

std::optional<std::string_view> data_url_base64_payload(std::string_view url) {
  // data:[<mediatype>][;param=value]*;base64,<payload> — the scheme and the ";base64" marker are
  // case-insensitive; ";base64" must be the last thing before the comma.
  constexpr std::string_view kScheme = "data:";
  constexpr std::string_view kBase64 = ";base64";
  if (url.size() < kScheme.size() || !iequals_ascii(url.substr(0, kScheme.size()), kScheme)) {
    return std::nullopt;
  }
  size_t comma = url.find(',', kScheme.size());
  if (comma == std::string_view::npos) return std::nullopt;
  std::string_view header = url.substr(kScheme.size(), comma - kScheme.size());
  if (header.size() < kBase64.size() ||
      !iequals_ascii(header.substr(header.size() - kBase64.size()), kBase64)) {
    return std::nullopt;
  }
  return url.substr(comma + 1);
}

}  // namespace tokenmeter
