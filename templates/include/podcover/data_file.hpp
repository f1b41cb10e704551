// Reading podcover's TOML data files (printer files, job files) strictly: every error names
// the file, the line and the key; a key nobody asked for is an error naming the nearest
// known key, so that a misspelt key never falls back silently to a default.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "podcover/length.hpp"

namespace podcover {

// What podcover lets reach the TOML parser (docs/reliability.md): a job or printer file is a
// few kilobytes; these bounds are far above that and keep a damaged or hostile file from
// exhausting the parser's stack (it recurses once per part of a dotted key) or memory.
inline constexpr std::size_t max_toml_bytes = 2'000'000;
inline constexpr int max_toml_nesting = 32;    // arrays, inline tables and headers open at once
inline constexpr int max_toml_key_parts = 32;  // parts of one dotted key or table header

// Throws InputError "origin:line: ..." when the text passes those bounds, is not UTF-8, or
// holds a NUL byte.
void check_toml_text(std::string_view text, const std::string& origin);

// Checks the text (check_toml_text), then parses it. Throws InputError "origin:line: not valid
// TOML: ...".
toml::table parse_toml(std::string_view text, const std::string& origin);

// Reads a file's text, at most max_toml_bytes + 1 bytes of it (enough for check_toml_text to
// refuse a longer file). Throws InputError "path: cannot open <what>; check the path".
std::string read_text_file(const std::string& path, std::string_view what);

// One TOML table being read.
class TableReader {
  public:
    TableReader(const std::string& origin, const toml::table& table, std::string path)
        : origin_(origin), table_(table), path_(std::move(path)) {}

    const std::string& origin() const { return origin_; }
    const toml::table& table() const { return table_; }
    // "paperback.bleed" for key "bleed" of table "paperback".
    std::string key_path(std::string_view key) const;

    // Throws InputError "origin:line: key: message" (the line of `node`, or of this table).
    [[noreturn]] void fail_at(const toml::node* node, const std::string& key,
                              const std::string& message) const;
    // The same for one of this table's keys.
    [[noreturn]] void fail(std::string_view key, const std::string& message) const;

    // The value of a key, or null; either way the key is now known.
    const toml::node* take(std::string_view key);
    // The value of a key that must be there; a near-miss key is reported as misspelt.
    const toml::node& require(std::string_view key, std::string_view what);
    const toml::table& require_table(std::string_view key, std::string_view what);
    // Reports the first key no one asked for.
    void finish() const;

    // Typed values of this table's keys: each throws with file, line and key when the value
    // has the wrong type or does not parse.
    std::string string(std::string_view key, const toml::node& node) const;
    std::vector<std::string> strings(std::string_view key, const toml::node& node) const;
    long long integer(std::string_view key, const toml::node& node, long long min,
                      long long max) const;
    bool boolean(std::string_view key, const toml::node& node) const;
    Length length(std::string_view key, const toml::node& node) const;
    Size size(std::string_view key, const toml::node& node) const;

    std::optional<std::string> optional_string(std::string_view key);
    std::optional<std::vector<std::string>> optional_strings(std::string_view key);

  private:
    const std::string& origin_;
    const toml::table& table_;
    std::string path_;
    std::set<std::string> known_;
};

}  // namespace podcover
