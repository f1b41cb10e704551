// The JSON podcover prints (docs/json.md), two-space indented with a final newline. Bytes that
// are not UTF-8 (a path the system allows, a PDF's text) print as U+FFFD instead of throwing:
// printing a report never fails.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace podcover::cli {

inline std::string json_text(const nlohmann::ordered_json& json) {
    return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace podcover::cli
