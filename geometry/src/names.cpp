#include "podcover/names.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace podcover {

std::string join_names(const std::vector<std::string>& names, std::string_view conjunction) {
    std::string result;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) {
            result += (i + 1 == names.size()) ? " " + std::string(conjunction) + " " : ", ";
        }
        result += names[i];
    }
    return result;
}

namespace {
// Edits between two names, counting a swap of neighbouring letters as one edit ("titel" is
// one from "title"): the optimal-string-alignment distance, case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    auto same = [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    };
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                                d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1])) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}
}  // namespace

std::optional<std::string> nearest_name(std::string_view name,
                                        const std::vector<std::string>& known) {
    std::optional<std::string> best;
    std::size_t best_distance = 0;
    for (const auto& candidate : known) {
        const std::size_t distance = edit_distance(name, candidate);
        if (!best || distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    const std::size_t allowed = std::max<std::size_t>(1, std::max(name.size(), std::size_t{3}) / 3);
    if (!best || best_distance > allowed)
        return std::nullopt;
    return best;
}

std::string format_number(double value, int max_places) {
    char buffer[64];
    const auto [end, error] =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, max_places);
    if (error != std::errc())
        return "?";
    std::string text(buffer, end);
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0')
            text.pop_back();
        if (text.back() == '.')
            text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

}  // namespace podcover
