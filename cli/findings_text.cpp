#include "findings_text.hpp"

#include "podcover/names.hpp"

namespace podcover::cli {

std::string severity_name(Severity severity) {
    return severity == Severity::note ? "info" : std::string(severity_id(severity));
}

std::string severity_mark(Severity severity) {
    switch (severity) {
        case Severity::error:
            return "\xE2\x9C\x97";  // ✗
        case Severity::warning:
            return "\xE2\x9A\xA0";  // ⚠
        case Severity::note:
            return "i";
    }
    return "?";
}

std::string box_text(const Rect& box) {
    return " [" + box.left().format(Unit::in, 3) + ", " + box.top().format(Unit::in, 3) + " to " +
           box.right().format(Unit::in, 3) + ", " + box.bottom().format(Unit::in, 3) + " in]";
}

nlohmann::ordered_json box_json(const std::optional<Rect>& box) {
    if (!box)
        return nullptr;
    return {box->left().in(), box->top().in(), box->right().in(), box->bottom().in()};
}

std::string findings_text(const check::PrinterCheck& printer, const std::string& indent) {
    std::string out;
    for (const auto& finding : printer.findings) {
        out += indent + severity_mark(finding.severity) + " " + finding.code + ": " +
               finding.message + (finding.box ? box_text(*finding.box) : "") + "\n";
    }
    for (const auto& passed : printer.passed)
        out += indent + "\xE2\x9C\x93 " + passed + "\n";
    return out;
}

nlohmann::ordered_json findings_json(const std::vector<check::Finding>& findings) {
    auto json = nlohmann::ordered_json::array();
    for (const auto& f : findings) {
        json.push_back({{"code", f.code},
                        {"severity", severity_name(f.severity)},
                        {"message", f.message},
                        {"box_in", box_json(f.box)}});
    }
    return json;
}

}  // namespace podcover::cli
