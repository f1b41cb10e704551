#include "cover_files.hpp"

#include <algorithm>
#include <cctype>

#include "podcover/errors.hpp"

namespace podcover::cli {

bool is_pdf_name(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".pdf";
}

std::vector<std::filesystem::path> cover_files(const std::vector<std::string>& arguments,
                                               bool& any_folder, std::string_view verb) {
    std::vector<std::filesystem::path> covers;
    for (const auto& argument : arguments) {
        std::error_code error;
        // A name ending in .pdf means a cover: a folder of that name is refused as one.
        if (is_pdf_name(argument) || !std::filesystem::is_directory(argument, error)) {
            covers.emplace_back(argument);
            continue;
        }
        any_folder = true;
        std::vector<std::filesystem::path> found;
        for (std::filesystem::directory_iterator entry(argument, error), end;
             !error && entry != end; entry.increment(error)) {
            std::error_code unreadable;  // a dangling link is no PDF, not a folder's failure
            if (entry->is_regular_file(unreadable) && is_pdf_name(entry->path()))
                found.push_back(entry->path());
        }
        if (error)
            throw InputError(argument + ": cannot read the folder (" + error.message() + ")");
        if (found.empty()) {
            throw InputError(argument +
                             ": a folder without PDF files (*.pdf; its subfolders are not "
                             "read); name the covers to " +
                             std::string(verb));
        }
        std::sort(found.begin(), found.end());
        covers.insert(covers.end(), found.begin(), found.end());
    }
    return covers;
}

}  // namespace podcover::cli
