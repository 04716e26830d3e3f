// Pixel dimensions of an inline image, read from the header of its bytes (PNG, JPEG, GIF, WebP),
// so image tokens can be computed without decoding the image.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tokenmeter {

struct ImageSize {
  uint32_t width = 0;
  uint32_t height = 0;
};

// Dimensions from the raw bytes of a PNG, JPEG, GIF or WebP (VP8, VP8L, VP8X) file. Returns
// nullopt when the bytes are none of those formats or the header is truncated or inconsistent
// (zero width or height included). Never reads past `bytes`.
std::optional<ImageSize> read_image_size(std::string_view bytes);

// The same, from base64 (standard or URL-safe alphabet, padding optional, ASCII whitespace ignored).
// Throws Error(kInvalidImage) when the base64 is malformed or the decoded bytes have no readable
// image header; the message says which.
ImageSize read_base64_image_size(std::string_view base64);

// The base64 payload of a `data:<mime>;base64,<payload>` URL, or nullopt when `url` is not a
// base64 data URL (an http(s) URL, for example).
std::optional<std::string_view> data_url_base64_payload(std::string_view url);

}  // namespace tokenmeter
