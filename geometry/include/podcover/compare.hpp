// The same book on two printers: what differs, in numbers, and what it means for one design
// meant for both.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "podcover/layout.hpp"

namespace podcover {

struct PrinterBook {
    const PrinterSpec* printer = nullptr;
    BookSpec book;
    const Layout* layout = nullptr;
};

struct SpineDrift {
    Length difference;             // second spine minus first
    Length fold_variance;          // the larger of the two printers' fold variances
    bool beyond_variance = false;  // |difference| > fold_variance
    // The smallest even page count, among those both printers take for this trim and paper,
    // from which on the difference exceeds the fold variance at every even count; none if it
    // never does for good.
    std::optional<int> beyond_from_pages;
    // The difference stays within the fold variance at every page count both take.
    bool always_within = false;
};

struct Comparison {
    SpineDrift spine;
    // Sentences that spell out what differs and what to do, in the given units (with the
    // other system in parentheses): "IngramSpark's spine is 0.047 in (1.18 mm) narrower: ..."
    std::vector<std::string> differences;
};

Comparison compare(const PrinterBook& first, const PrinterBook& second, Unit unit = Unit::in);

}  // namespace podcover
