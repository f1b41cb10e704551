#include "podcover/data_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/utf8.hpp"
#include "toml_checks.hpp"

namespace podcover {
namespace {
// A character of a bare key, or a space between the parts of a dotted one.
bool is_key_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == ' ' || c == '\t';
}

std::string line_of(const toml::node* node) {
    if (!node || !node->source().begin)
        return "";
    return std::to_string(node->source().begin.line);
}
}  // namespace

void check_toml_text(std::string_view text, const std::string& origin) {
    if (text.size() > max_toml_bytes) {
        throw InputError(origin + ": " + std::to_string(text.size()) + " bytes, more than the " +
                         std::to_string(max_toml_bytes) +
                         " podcover reads from a TOML file; is it the right file?");
    }
    int line = 1;
    auto fail = [&](const std::string& message) {
        throw InputError(origin + ":" + std::to_string(line) + ": " + message);
    };
    // The bytes first: TOML is UTF-8, and a NUL is no text at all.
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead == '\n')
            ++line;
        if (lead == 0)
            fail("a NUL byte: not a text file; is it the right file?");
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            fail("not UTF-8 (the bytes " + escaped_bytes(text.substr(i, 4)) +
                 "); save the file as UTF-8");
        }
        i += length;
    }
    // Then the structure the parser recurses on, outside strings and comments: how deeply
    // brackets and braces nest, and how many parts a dotted key or table header has (a run of
    // key characters, quoted keys, spaces and dots; a float's point counts too, harmlessly).
    enum class State { normal, comment, basic, literal, multi_basic, multi_literal };
    State state = State::normal;
    int depth = 0;
    int parts = 1;
    line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n')
            ++line;
        switch (state) {
            case State::comment:
                if (c == '\n')
                    state = State::normal;
                continue;
            case State::basic:
                if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n')
                    ++i;
                else if (c == '"' || c == '\n')
                    state = State::normal;
                continue;
            case State::literal:
                if (c == '\'' || c == '\n')
                    state = State::normal;
                continue;
            case State::multi_basic:
                if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n')
                    ++i;
                else if (text.substr(i, 3) == "\"\"\"") {
                    i += 2;
                    state = State::normal;
                }
                continue;
            case State::multi_literal:
                if (text.substr(i, 3) == "'''") {
                    i += 2;
                    state = State::normal;
                }
                continue;
            case State::normal:
                break;
        }
        if (c == '#') {
            state = State::comment;
        } else if (c == '"' || c == '\'') {
            const bool multi = text.substr(i, 3) == std::string(3, c);
            state = c == '"' ? (multi ? State::multi_basic : State::basic)
                             : (multi ? State::multi_literal : State::literal);
            if (multi)
                i += 2;
        } else if (c == '.') {
            if (++parts > max_toml_key_parts) {
                fail("a key or table header of more than " + std::to_string(max_toml_key_parts) +
                     " dotted parts; podcover's files need a few");
            }
        } else if (c == '[' || c == '{') {
            if (++depth > max_toml_nesting) {
                fail("more than " + std::to_string(max_toml_nesting) +
                     " brackets and braces open at once; podcover's files need a few");
            }
            parts = 1;
        } else if (c == ']' || c == '}') {
            depth = depth > 0 ? depth - 1 : 0;
            parts = 1;
        } else if (!is_key_character(c)) {
            parts = 1;
        }
    }
}

toml::table parse_toml(std::string_view text, const std::string& origin) {
    check_toml_text(text, origin);
    try {
        return toml::parse(text, origin);
    } catch (const toml::parse_error& error) {
        throw InputError(origin + ":" + std::to_string(error.source().begin.line) +
                         ": not valid TOML: " + std::string(error.description()));
    } catch (const detail::TomlCheckFailed& error) {
        throw InputError(origin + ": not valid TOML: the reader stopped (" + error.what() + ")");
    }
}

std::string read_text_file(const std::string& path, std::string_view what) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        throw InputError(path + ": a folder, not a " + std::string(what) + "; name the file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path + ": cannot open the " + std::string(what) + "; check the path");
    // At most one byte more than a TOML file may hold, so that a huge file (or an endless one,
    // such as /dev/zero) is refused by check_toml_text without being read whole.
    std::string text(max_toml_bytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad())
        throw InputError(path + ": cannot read the " + std::string(what));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

std::string TableReader::key_path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void TableReader::fail_at(const toml::node* node, const std::string& key,
                          const std::string& message) const {
    const std::string line = line_of(node ? node : &table_);
    throw InputError(origin_ + (line.empty() ? "" : ":" + line) + ": " +
                     (key.empty() ? std::string() : key + ": ") + message);
}

void TableReader::fail(std::string_view key, const std::string& message) const {
    fail_at(table_.get(key), key_path(key), message);
}

const toml::node* TableReader::take(std::string_view key) {
    known_.emplace(key);
    return table_.get(key);
}

const toml::node& TableReader::require(std::string_view key, std::string_view what) {
    const toml::node* node = take(key);
    if (node)
        return *node;
    // A misspelt key is the likeliest cause: name it.
    for (auto&& [other, other_node] : table_) {
        const std::string name(other.str());
        if (known_.count(name) == 0 && nearest_name(name, {std::string(key)})) {
            fail_at(&other_node, key_path(name),
                    "unknown key '" + name + "'; did you mean '" + std::string(key) + "'?");
        }
    }
    fail_at(&table_, path_.empty() ? std::string("top level") : path_,
            "missing key '" + std::string(key) + "' (" + std::string(what) + ")");
}

const toml::table& TableReader::require_table(std::string_view key, std::string_view what) {
    const toml::node& node = require(key, what);
    if (!node.is_table())
        fail(key, "expected a table (" + std::string(what) + ")");
    return *node.as_table();
}

void TableReader::finish() const {
    const std::vector<std::string> known(known_.begin(), known_.end());
    for (auto&& [key, node] : table_) {
        const std::string name(key.str());
        if (known_.count(name) != 0)
            continue;
        std::string message = "unknown key '" + name + "'";
        if (auto nearest = nearest_name(name, known)) {
            message += "; did you mean '" + *nearest + "'?";
        } else {
            message += "; known keys here: " + join_names(known);
        }
        fail_at(&node, path_.empty() ? std::string("top level") : path_, message);
    }
}

std::string TableReader::string(std::string_view key, const toml::node& node) const {
    if (!node.is_string())
        fail(key, "expected a string");
    return node.as_string()->get();
}

std::vector<std::string> TableReader::strings(std::string_view key, const toml::node& node) const {
    if (!node.is_array())
        fail(key, "expected a list of strings");
    std::vector<std::string> values;
    for (const auto& item : *node.as_array()) {
        if (!item.is_string())
            fail(key, "expected a list of strings");
        values.push_back(item.as_string()->get());
    }
    return values;
}

long long TableReader::integer(std::string_view key, const toml::node& node, long long min,
                               long long max) const {
    if (!node.is_integer())
        fail(key, "expected a whole number");
    const long long value = node.as_integer()->get();
    if (value < min || value > max) {
        fail(key, std::to_string(value) + " is out of range: give " + std::to_string(min) + " to " +
                      std::to_string(max));
    }
    return value;
}

bool TableReader::boolean(std::string_view key, const toml::node& node) const {
    if (!node.is_boolean())
        fail(key, "expected true or false");
    return node.as_boolean()->get();
}

Length TableReader::length(std::string_view key, const toml::node& node) const {
    if (!node.is_string()) {
        fail(key, "expected a length as a string with a unit, for example \"0.125in\"");
    }
    try {
        return Length::parse(node.as_string()->get());
    } catch (const ValueError& error) {
        fail(key, error.what());
    }
}

Size TableReader::size(std::string_view key, const toml::node& node) const {
    if (!node.is_string())
        fail(key, "expected a size as a string, for example \"6x9in\"");
    try {
        return Size::parse(node.as_string()->get());
    } catch (const ValueError& error) {
        fail(key, error.what());
    }
}

std::optional<std::string> TableReader::optional_string(std::string_view key) {
    const toml::node* node = take(key);
    if (!node)
        return std::nullopt;
    return string(key, *node);
}

std::optional<std::vector<std::string>> TableReader::optional_strings(std::string_view key) {
    const toml::node* node = take(key);
    if (!node)
        return std::nullopt;
    return strings(key, *node);
}

}  // namespace podcover
