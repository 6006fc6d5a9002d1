# labwatch_module(NAME SOURCES ... DEPS ...): one static library per module, with its
# colocated *_test.cpp files gathered into one test binary per module.
function(labwatch_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;TEST_DEPS" ${ARGN})
  add_library(lw_${name} STATIC ${M_SOURCES})
  target_include_directories(lw_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(lw_${name} PUBLIC ${M_DEPS})
  if(BUILD_TESTING)
    file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
    foreach(source ${M_SOURCES})  # a source named *_test.cpp (domain/lab_test.cpp) is no test
      get_filename_component(source ${source} ABSOLUTE)
      list(REMOVE_ITEM tests ${source})
    endforeach()
    if(tests)
      add_executable(lw_${name}_test ${tests})
      target_include_directories(lw_${name}_test PRIVATE ${PROJECT_SOURCE_DIR}/tests)
      target_link_libraries(lw_${name}_test PRIVATE lw_${name} ${M_TEST_DEPS} GTest::gtest_main GTest::gmock)
      gtest_discover_tests(lw_${name}_test DISCOVERY_TIMEOUT 30 PROPERTIES LABELS unit)
    endif()
  endif()
endfunction()

# labwatch_embed(OUT_CPP SYMBOL FILE): a C++ file defining
# `std::string_view SYMBOL()` with FILE's content, rebuilt when FILE changes.
function(labwatch_embed out symbol file)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol} -DFILE=${file}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
    DEPENDS ${file} ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
    COMMENT "Embedding ${file}"
    VERBATIM)
endfunction()
