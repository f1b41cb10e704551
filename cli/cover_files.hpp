// Naming cover PDFs on the command line (check, adapt): files as given, and folders of them.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace podcover::cli {

// Whether the name ends in .pdf, in any case.
bool is_pdf_name(const std::filesystem::path& path);

// The covers named: files as given, and the PDFs of a folder (its own, not its subfolders'),
// by name. A name ending in .pdf is a cover even when it is a folder (refused as one when
// read). `any_folder` is set when a folder was named, so that the report is a batch's even
// for one PDF. A folder without PDFs is an InputError that says what to `verb` ("check").
std::vector<std::filesystem::path> cover_files(const std::vector<std::string>& arguments,
                                               bool& any_folder, std::string_view verb);

}  // namespace podcover::cli
