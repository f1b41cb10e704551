// Helpers shared by the tests that read a check's report.
#pragma once

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "podcover/check/checker.hpp"

namespace podcover::test {

// The report's check for one printer, or null when it was not checked.
inline const check::PrinterCheck* find_printer_check(const check::CheckReport& report,
                                                     const std::string& id) {
    for (const auto& p : report.printers) {
        if (p.printer->id == id)
            return &p;
    }
    return nullptr;
}

// The same, failing the test when it is missing.
inline const check::PrinterCheck& for_printer(const check::CheckReport& report,
                                              const std::string& id) {
    const check::PrinterCheck* found = find_printer_check(report, id);
    INFO("a check for " << id);
    REQUIRE(found != nullptr);
    return *found;
}

inline std::vector<const check::Finding*> with_code(const check::PrinterCheck& p,
                                                    const std::string& code) {
    std::vector<const check::Finding*> found;
    for (const auto& f : p.findings) {
        if (f.code == code)
            found.push_back(&f);
    }
    return found;
}

inline bool has_finding(const check::PrinterCheck& p, const std::string& code) {
    return !with_code(p, code).empty();
}

// One "severity code: message" line per finding, then the notes: for INFO.
inline std::string findings_text(const check::PrinterCheck& p) {
    std::string text;
    for (const auto& f : p.findings)
        text += std::string(severity_id(f.severity)) + " " + f.code + ": " + f.message + "\n";
    for (const auto& n : p.notes)
        text += "note: " + n + "\n";
    return text;
}

// The whole report for INFO: the file and where its cover was found, the inferred facts, each
// printer's verdict and findings, and the printers skipped.
inline std::string report_text(const check::CheckReport& report) {
    std::string text = report.file.filename().string() + ": " + report.cover_found + "\n";
    for (const auto& fact : report.inferred)
        text += fact.what + "=" + fact.value + " (" + fact.how + ")\n";
    for (const auto& p : report.printers) {
        text += p.printer->id + ": " + std::string(check::verdict_id(p.verdict)) + "\n";
        for (const auto& f : p.findings)
            text += "  " + std::string(severity_id(f.severity)) + " " + f.code + ": " + f.message +
                    "\n";
    }
    for (const auto& s : report.skipped)
        text += "skipped " + s.printer + ": " + s.reason + "\n";
    return text;
}

// The inferred facts, one "what=value (how)" per line.
inline std::string inferred_text(const check::CheckReport& report) {
    std::string text;
    for (const auto& fact : report.inferred)
        text += fact.what + "=" + fact.value + " (" + fact.how + ")\n";
    return text;
}

}  // namespace podcover::test
