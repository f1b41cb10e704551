// UTF-8 checks for text from outside (option values, files): podcover's text is UTF-8 (TOML,
// JSON and the PDF text it writes are), and a byte that is not names itself escaped in a
// message, so that the message stays one readable line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace podcover {

// The length of the UTF-8 sequence at text[at] (1 to 4), or 0 when the bytes there are not
// one: a stray continuation byte, a truncated sequence, an overlong form, a surrogate, or a
// code point beyond U+10FFFF.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);

// The offset of the first byte that does not start a valid sequence, or npos.
std::size_t first_invalid_utf8(std::string_view text);

// Every byte written as \xHH: "\xFF\xFE".
std::string escaped_bytes(std::string_view bytes);

// The text with each byte that is not part of a valid sequence written as \xHH.
std::string escape_invalid_utf8(std::string_view text);

}  // namespace podcover
