// Helpers for messages: lists of names, the nearest known name to a misspelt one, and numbers
// printed the same in every locale.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace podcover {

// "a, b and c" (conjunction "and"), or "a, b or c".
std::string join_names(const std::vector<std::string>& names, std::string_view conjunction = "and");

// The known name closest to `name` by edit distance, if close enough to be a likely typo
// (at most a third of the name's length, and at least 1 edit away from nothing).
std::optional<std::string> nearest_name(std::string_view name,
                                        const std::vector<std::string>& known);

// A number with at most `max_places` decimals, trailing zeros dropped ("11.5", "8"): the same
// in every locale (std::to_chars, not printf or iostreams).
std::string format_number(double value, int max_places);

}  // namespace podcover
