# The test daemons hr-test-sender and hr-test-receiver (hr_testd.c compiled twice) and their
# messages (testd.proto, package hr.test): built into build/tests only, never shipped.
set(TESTD_PB ${CMAKE_CURRENT_BINARY_DIR}/testd.pb-c)
add_custom_command(
    OUTPUT ${TESTD_PB}.c ${TESTD_PB}.h
    COMMAND ${PROTOC_C} --proto_path=${CMAKE_CURRENT_SOURCE_DIR} --c_out=${CMAKE_CURRENT_BINARY_DIR}
            testd.proto
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/testd.proto
    COMMENT "protoc-c tests/e2e/testd.proto")
add_library(hr_testd_proto STATIC ${TESTD_PB}.c)
target_include_directories(hr_testd_proto PUBLIC ${CMAKE_CURRENT_BINARY_DIR})
target_link_libraries(hr_testd_proto PUBLIC PkgConfig::PROTOBUFC)

foreach (role sender receiver)
    add_executable(hr-test-${role} hr_testd.c)
    set_target_properties(hr-test-${role} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                                     ${CMAKE_BINARY_DIR}/tests)
    target_link_libraries(hr-test-${role} PRIVATE hr_common hr_testd_proto)
    hr_target_warnings(hr-test-${role})
endforeach ()
target_compile_definitions(hr-test-sender PRIVATE HR_TESTD_SENDER)
