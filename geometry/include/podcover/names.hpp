// Helpers for messages: lists of names and the nearest known name to a misspelt one.
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

}  // namespace podcover
