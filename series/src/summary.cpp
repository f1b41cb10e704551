#include "summary.hpp"

#include <qpdf/QPDF.hh>

#include <nlohmann/json.hpp>

#include <cmath>

#include "podcover/names.hpp"

namespace podcover::series {
namespace {

struct CoverInfo {
    std::string title;
    std::string author;
};

CoverInfo read_info(const std::filesystem::path& path) {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    pdf.processFile(path.string().c_str());
    QPDFObjectHandle info = pdf.getTrailer().getKey("/Info");
    CoverInfo read;
    if (info.isDictionary()) {
        if (auto title = info.getKey("/Title"); title.isString())
            read.title = title.getUTF8Value();
        if (auto author = info.getKey("/Author"); author.isString())
            read.author = author.getUTF8Value();
    }
    return read;
}

double inches(Length length) {
    return std::round(length.in() * 10000) / 10000;
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace

std::vector<std::string> agreement_errors(const std::vector<VolumeResult>& volumes) {
    std::vector<std::string> errors;
    for (const auto& volume : volumes) {
        if (volume.status == VolumeResult::Status::failed)
            continue;
        const std::string which =
            "volume " + std::to_string(volume.number) + " (" + volume.title + ")";
        const std::string authors = join_names(volume.authors);
        std::optional<CoverInfo> first;
        std::string first_printer;
        for (const auto& file : volume.outputs) {
            if (file.kind != "cover")
                continue;
            CoverInfo info;
            try {
                info = read_info(file.path);
            } catch (const std::exception& error) {
                errors.push_back(which + ": " + file.path.string() + " cannot be read back (" +
                                 error.what() + "); run again with --force");
                continue;
            }
            if (info.title.rfind(volume.title, 0) != 0 || info.author != authors) {
                errors.push_back(which + ": " + file.path.string() + " is titled '" + info.title +
                                 "' by '" + info.author + "', not '" + volume.title + "' by '" +
                                 authors + "'; run again with --force");
            } else if (first && (first->title != info.title || first->author != info.author)) {
                errors.push_back(which + ": the " + first_printer + " and " + file.printer +
                                 " covers' titles or authors differ; run again with --force");
            }
            if (!first) {
                first = info;
                first_printer = file.printer;
            }
        }
    }
    return errors;
}

Summary make_summary(const SeriesReport& report, const Manifest& manifest) {
    using json = nlohmann::ordered_json;
    json j;
    j["series"] = report.title;
    j["manifest"] = manifest.file.string();
    j["spine_size_pt"] = report.spine_size_pt ? json(*report.spine_size_pt) : json(nullptr);
    auto& volumes = j["volumes"] = json::array();
    std::string csv =
        "volume,title,authors,isbn,pages,binding,trim_width_in,trim_height_in,printer,paper,"
        "spine_width_in,sheet_width_in,sheet_height_in,spine_size_pt,status,cover\n";
    for (const auto& volume : report.volumes) {
        json v;
        v["volume"] = volume.number;
        v["name"] = volume.name;
        v["title"] = volume.title;
        v["authors"] = volume.authors;
        v["isbn"] = volume.isbn ? json(*volume.isbn) : json(nullptr);
        v["pages"] = volume.pages;
        v["binding"] = std::string(binding_id(volume.binding));
        v["trim"] = {{"width_in", inches(volume.trim.width)},
                     {"height_in", inches(volume.trim.height)}};
        v["status"] = status_id(volume.status);
        v["reason"] = volume.reason.empty() ? json(nullptr) : json(volume.reason);
        v["spine_size_pt"] = volume.spine_size_pt ? json(*volume.spine_size_pt) : json(nullptr);
        v["spine_note"] = volume.spine_note.empty() ? json(nullptr) : json(volume.spine_note);
        auto& printers = v["printers"] = json::array();
        for (const auto& layout : volume.layouts) {
            std::string cover;
            for (const auto& file : volume.outputs) {
                if (file.kind == "cover" && file.printer == layout.printer_id)
                    cover = file.path.string();
            }
            const Region* text = layout.find("spine-text");
            printers.push_back(
                {{"printer", layout.printer_id},
                 {"paper", layout.paper_id},
                 {"spine_width_in", inches(layout.spine_width)},
                 {"sheet",
                  {{"width_in", inches(layout.sheet.width)},
                   {"height_in", inches(layout.sheet.height)}}},
                 {"spine_text_area", text ? json{{"width_in", inches(text->rect.width)},
                                                 {"height_in", inches(text->rect.height)}}
                                          : json(nullptr)},
                 {"cover", cover.empty() ? json(nullptr) : json(cover)}});
            const std::vector<std::string> row{
                std::to_string(volume.number),
                volume.title,
                join_names(volume.authors),
                volume.isbn.value_or(""),
                std::to_string(volume.pages),
                std::string(binding_id(volume.binding)),
                format_number(volume.trim.width.in(), 4),
                format_number(volume.trim.height.in(), 4),
                layout.printer_id,
                layout.paper_id,
                format_number(layout.spine_width.in(), 4),
                format_number(layout.sheet.width.in(), 4),
                format_number(layout.sheet.height.in(), 4),
                volume.spine_size_pt ? format_number(*volume.spine_size_pt, 1) : "",
                status_id(volume.status),
                cover};
            for (std::size_t k = 0; k < row.size(); ++k)
                csv += (k ? "," : "") + csv_field(row[k]);
            csv += "\n";
        }
        if (volume.layouts.empty()) {
            csv += std::to_string(volume.number) + "," + csv_field(volume.title) + "," +
                   csv_field(join_names(volume.authors)) + "," + volume.isbn.value_or("") +
                   ",,,,,,,,,,," + status_id(volume.status) + ",\n";
        }
        volumes.push_back(std::move(v));
    }
    j["checks"] =
        json::array({{{"check", "one ISBN per volume and format"}, {"ok", true}},
                     {{"check", "titles and authors agree between each volume's printer covers"},
                      {"ok", report.errors.empty()}}});
    j["errors"] = report.errors;
    j["warnings"] = report.warnings;
    return Summary{j.dump(2, ' ', false, json::error_handler_t::replace) + "\n", csv};
}

}  // namespace podcover::series
