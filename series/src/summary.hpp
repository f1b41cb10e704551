// The series' summary files and the checks that need every volume rendered.
#pragma once

#include <string>
#include <vector>

#include "podcover/series/series.hpp"

namespace podcover::series {

// Each volume's printer covers read back: their titles and authors must agree with each other
// and with the volume (a file edited or left from another run would not). One line per
// disagreement.
std::vector<std::string> agreement_errors(const std::vector<VolumeResult>& volumes);

struct Summary {
    std::string json;
    std::string csv;
};
// summary.json: the series, its spine size, every volume on every printer, the checks; and
// summary.csv: one row per volume and printer (docs/series.md).
Summary make_summary(const SeriesReport& report, const Manifest& manifest);

}  // namespace podcover::series
