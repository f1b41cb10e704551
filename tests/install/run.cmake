# The test install_consumer: installs the build (as built: nothing is rebuilt) into a fresh
# prefix under WORK_DIR, then builds the outside project beside this file against it with
# find_package(podcover), and its kdp_spine.cpp alone with pkg-config, and runs them. A 6 x 9 in,
# 300-page book on KDP's white paper has a 0.6756 in spine (300 x 0.002252 in, PRINTERS.md
# [KDP-H]) and a 12.9256 x 9.25 in cover.
# CXX_FLAGS and LINKER_FLAGS, the build's CMAKE_CXX_FLAGS and CMAKE_EXE_LINKER_FLAGS, are the
# outside project's too (a sanitizer build's archives need the sanitizers' runtimes).
#   cmake -DBUILD_DIR=... -DWORK_DIR=... -DCXX=... [-DLAUNCHER=...] [-DCXX_FLAGS=...]
#         [-DLINKER_FLAGS=...] -P run.cmake
foreach(variable IN ITEMS BUILD_DIR WORK_DIR CXX)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "run.cmake: -D${variable}=... is required")
    endif()
endforeach()
set(prefix ${WORK_DIR}/prefix)
set(consumer ${WORK_DIR}/consumer)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT code EQUAL 0)
        message(FATAL_ERROR "${what} failed (${code}):\n${out}")
    endif()
    set(output "${out}" PARENT_SCOPE)
endfunction()

function(expect what pattern)
    if(NOT output MATCHES "${pattern}")
        message(FATAL_ERROR "${what} printed no line matching '${pattern}':\n${output}")
    endif()
    message(STATUS "${what}: ${CMAKE_MATCH_0}")
endfunction()

run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

# With CMake.
set(launcher "")
if(LAUNCHER)
    set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
run("configuring tests/install" ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR} -B ${consumer}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX} ${launcher}
    "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}"
    -DCMAKE_BUILD_TYPE=RelWithDebInfo)
run("building tests/install" ${CMAKE_COMMAND} --build ${consumer})
run("kdp_spine" ${consumer}/kdp_spine)
expect("kdp_spine (CMake)" "KDP spine width: 0\\.6756 in\n")
run("cover_size" ${consumer}/cover_size ${WORK_DIR}/cover.pdf)
expect("cover_size (CMake)" "cover page: 12\\.9256 × 9\\.25 in\n")
expect("cover_size (CMake)" "font: [A-Z]+\\+EBGaramond[^\n]*")
expect("cover_size (CMake)" "adapted: [0-9.]+ × [0-9.]+ in\n")

# With pkg-config: podcover's archives need the libraries they use at every link (--static).
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} "")
file(GLOB_RECURSE pc_files ${prefix}/*/podcover.pc)
list(LENGTH pc_files pc_count)
if(NOT pc_count EQUAL 1)
    message(FATAL_ERROR "expected one podcover.pc under ${prefix}, found: ${pc_files}")
endif()
get_filename_component(pc_dir ${pc_files} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
run("pkg-config" ${PKG_CONFIG} --static --cflags --libs podcover)
separate_arguments(flags UNIX_COMMAND "${output}")
separate_arguments(build_flags UNIX_COMMAND "${CXX_FLAGS} ${LINKER_FLAGS}")
run("compiling kdp_spine.cpp with pkg-config" ${LAUNCHER} ${CXX} -std=c++20 ${build_flags}
    ${CMAKE_CURRENT_LIST_DIR}/kdp_spine.cpp ${flags} -o ${WORK_DIR}/kdp_spine_pc)
run("kdp_spine" ${WORK_DIR}/kdp_spine_pc)
expect("kdp_spine (pkg-config)" "KDP spine width: 0\\.6756 in\n")
