// A check's findings as check and adapt print them: the same marks, boxes and JSON in both.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "podcover/check/checker.hpp"

namespace podcover::cli {

// Findings speak of "info" where the rest of podcover says "note".
std::string severity_name(Severity severity);
// ✗, ⚠ or i.
std::string severity_mark(Severity severity);
// " [x0, y0 to x1, y1 in]", in the report's cover coordinates.
std::string box_text(const Rect& box);
// [x0, y0, x1, y1] in inches, or null.
nlohmann::ordered_json box_json(const std::optional<Rect>& box);
// One line per finding, then one per check that found nothing, each after `indent`.
std::string findings_text(const check::PrinterCheck& printer, const std::string& indent);
// The findings as JSON objects: code, severity, message, box_in.
nlohmann::ordered_json findings_json(const std::vector<check::Finding>& findings);

}  // namespace podcover::cli
