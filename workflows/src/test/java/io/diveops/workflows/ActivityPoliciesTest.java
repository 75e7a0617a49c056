package io.diveops.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.temporal.activity.ActivityInterface;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every activity type gets its options deliberately: from the per-type table or where its stub is
 * made.
 */
class ActivityPoliciesTest {

  @Test
  void everyActivityTypeHasItsOptionsDecidedOnce() {
    Set<String> types = new TreeSet<>();
    for (JavaClass c :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.diveops.api")) {
      if (c.isAnnotatedWith(ActivityInterface.class)) {
        Arrays.stream(c.reflect().getDeclaredMethods())
            .filter(m -> !m.isSynthetic() && !isStatic(m))
            .map(
                m ->
                    m.getName().substring(0, 1).toUpperCase(Locale.ROOT) + m.getName().substring(1))
            .forEach(types::add);
      }
    }
    assertThat(types).hasSizeGreaterThan(40);
    Set<String> decided = new TreeSet<>(ActivityPolicies.configuredTypes());
    assertThat(decided)
        .as("a type is configured in one place only")
        .doesNotContainAnyElementsOf(ActivityPolicies.GIVEN_AT_STUB);
    decided.addAll(ActivityPolicies.GIVEN_AT_STUB);
    assertThat(decided).as("activity types with options decided").containsAll(types);
    assertThat(types).as("every configured type exists").containsAll(decided);
  }

  private static boolean isStatic(Method m) {
    return java.lang.reflect.Modifier.isStatic(m.getModifiers());
  }
}
