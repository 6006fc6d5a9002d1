# Writes OUT: a C++ file defining the migration lists of both engines from the .sql files.
function(emit var files)
  set(body "")
  list(SORT files)
  foreach(f IN LISTS files)
    get_filename_component(name ${f} NAME_WE)
    string(REGEX MATCH "^[0-9]+" version ${name})
    math(EXPR version "${version}")
    file(READ ${f} sql)
    string(APPEND body "  {${version}, \"${name}\", R\"lwsql(${sql})lwsql\"},\n")
  endforeach()
  set(${var} "${body}" PARENT_SCOPE)
endfunction()
file(GLOB sqlite_files ${DIR}/sqlite/*.sql)
file(GLOB postgres_files ${DIR}/postgres/*.sql)
emit(sqlite_body "${sqlite_files}")
emit(postgres_body "${postgres_files}")
file(WRITE ${OUT} "// Generated from src/storage/migrations by embed_migrations.cmake.\n"
"#include \"storage/migrations.hpp\"\n"
"namespace lw::storage {\n"
"const std::vector<Migration>& sqlite_migrations() {\n"
"  static const std::vector<Migration> k{\n${sqlite_body}  };\n  return k;\n}\n"
"const std::vector<Migration>& postgres_migrations() {\n"
"  static const std::vector<Migration> k{\n${postgres_body}  };\n  return k;\n}\n"
"}  // namespace lw::storage\n")
