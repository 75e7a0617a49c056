package io.diveops.activities.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diveops.activities.federation.BrowserSession.Page;
import io.diveops.activities.keycloak.PartnerIdp;
import io.diveops.activities.keycloak.TestUser;
import io.diveops.activities.keycloak.TestUsers;
import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.verify.HttpProbe;
import io.diveops.api.federation.FederationPair;
import io.diveops.api.federation.FederationStep;
import io.diveops.api.federation.PairResult;
import io.diveops.api.federation.StepTiming;
import io.diveops.api.verify.Verdict;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * One brokered login with no browser, as a partner's user makes it: an authorization-code flow with
 * PKCE at home's broker with {@code kc_idp_hint=<partner>-federation}, the partner's login form,
 * the redirects back home (where home's Keycloak exchanges the partner's code over the back
 * channel), home's own code exchange, then home's token checked and used at home's resource API.
 *
 * <p>Each step is timed; the first that fails ends the login and is named with what was seen.
 * Evidence carries status codes, page messages, Keycloak's error events, claims and OPA's reasons;
 * never a password, a code, a cookie or a token.
 */
public class BrokeredLogin {
  /** A SECRET user in NATO: the releasable document is within reach, the national one is not. */
  static final int LEVEL = 3;

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Redirects followed within one step before it is called a loop. */
  private static final int MAX_HOPS = 8;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretStore secrets;
  private final KeycloakErrors errors;

  public BrokeredLogin(SecretStore secrets) {
    this.secrets = secrets;
    this.errors = new KeycloakErrors(secrets);
  }

  public PairResult run(FederationRegistry registry, FederationPair pair) {
    return new Attempt(registry, pair).run();
  }

  /** A failed step: what was seen. */
  static final class StepFailed extends Exception {
    StepFailed(String evidence) {
      super(evidence, null, false, false);
    }
  }

  /** The state of one login, step by step. */
  private final class Attempt {
    private final FederationRegistry registry;
    private final FederationPair pair;
    private final Instance home;
    private final Instance partner;
    private final String realm;
    private final URI homeRealm;
    private final String partnerOrigin;
    private final String alias;
    private final URI redirectUri;
    private final BrowserSession browser = new BrowserSession(CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    private final List<StepTiming> steps = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();
    private final long started = System.currentTimeMillis();
    private final String verifier = random(32);

    private TestUser user;
    private Page page;
    private String code;
    private String accessToken;

    /** A releasable document OPA denied: the token was accepted, the decision step fails. */
    private String decisionFailure;

    Attempt(FederationRegistry registry, FederationPair pair) {
      this.registry = registry;
      this.pair = pair;
      this.home = registry.instance(pair.home()).orElseThrow();
      this.partner = registry.instance(pair.partner()).orElseThrow();
      this.realm = registry.defaults().realm();
      this.homeRealm = URI.create(InstanceEndpoints.url(home, "keycloak", "/realms/" + realm));
      this.partnerOrigin = InstanceEndpoints.url(partner, "keycloak", "");
      this.alias = PartnerIdp.alias(pair.partner());
      this.redirectUri =
          URI.create(InstanceEndpoints.url(home, "frontend", "/api/auth/callback/keycloak"));
    }

    PairResult run() {
      try {
        user = partnerUser();
        step(FederationStep.HOME_REDIRECT, this::homeRedirect);
        step(FederationStep.PARTNER_LOGIN_PAGE, this::partnerLoginPage);
        step(FederationStep.PARTNER_CREDENTIALS, this::partnerCredentials);
        step(FederationStep.BACK_CHANNEL_TOKEN, this::backChannel);
        step(FederationStep.CODE_EXCHANGE, this::codeExchange);
        step(FederationStep.CLAIMS, this::claims);
        step(FederationStep.TOKEN_ACCEPTED, this::releasableDocument);
        step(FederationStep.OPA_DECISION, this::nationalDocument);
        return result(null, String.join("; ", seen));
      } catch (Failed failed) {
        return result(failed.step, failed.getMessage());
      }
    }

    private PairResult result(FederationStep failedStep, String evidence) {
      return new PairResult(
          pair.home(),
          pair.partner(),
          failedStep == null ? Verdict.PASS : Verdict.FAIL,
          failedStep,
          evidence,
          steps,
          System.currentTimeMillis() - started);
    }

    private interface Step {
      String run() throws StepFailed, IOException;
    }

    private static final class Failed extends RuntimeException {
      final FederationStep step;

      Failed(FederationStep step, String evidence) {
        super(evidence, null, false, false);
        this.step = step;
      }
    }

    private void step(FederationStep name, Step step) {
      long t0 = System.currentTimeMillis();
      try {
        String evidence = step.run();
        steps.add(new StepTiming(name, true, System.currentTimeMillis() - t0));
        if (evidence != null) {
          seen.add(evidence);
        }
      } catch (StepFailed | IOException | RuntimeException e) {
        steps.add(new StepTiming(name, false, System.currentTimeMillis() - t0));
        String evidence =
            e instanceof StepFailed
                ? e.getMessage()
                : e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
        throw new Failed(name, name.word() + ": " + evidence);
      }
    }

    private TestUser partnerUser() {
      Instance.TestUsers template = partner.testUsers();
      List<Integer> levels =
          template == null || template.clearances() == null
              ? List.of(1, 2, 3, 4)
              : template.clearances();
      int level = levels.contains(LEVEL) ? LEVEL : levels.stream().max(Integer::compare).orElse(1);
      return TestUsers.forInstance(
              pair.partner(),
              partner.code(),
              List.of(level),
              template == null || template.usernameTemplate() == null
                  ? "testuser-{code}-{level}"
                  : template.usernameTemplate(),
              template == null || template.emailDomain() == null
                  ? "dive-demo.example"
                  : template.emailDomain(),
              secrets.resolve(SecretNames.of(partner, "testUserPassword")))
          .get(0);
    }

    /** Home's broker sends the browser to the partner's authorization endpoint. */
    private String homeRedirect() throws StepFailed, IOException {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("client_id", registry.defaults().clientId());
      query.put("redirect_uri", redirectUri.toString());
      query.put("response_type", "code");
      query.put("scope", "openid");
      query.put("state", random(16));
      query.put("nonce", random(16));
      query.put("code_challenge", challenge(verifier));
      query.put("code_challenge_method", "S256");
      query.put("kc_idp_hint", alias);
      URI start =
          URI.create(homeRealm + "/protocol/openid-connect/auth?" + HttpProbe.formEncoded(query));
      page = browser.get(start, Map.of());
      int hops = 0;
      while (page.redirect() && !page.location().get().toString().startsWith(partnerOrigin)) {
        if (++hops > MAX_HOPS || !sameOrigin(page.location().get(), homeRealm)) {
          throw new StepFailed(
              "home redirected to "
                  + BrowserSession.bare(page.location().get())
                  + ", not to "
                  + partnerOrigin);
        }
        page = browser.get(page.location().get(), Map.of());
      }
      if (!page.redirect()) {
        throw new StepFailed(
            page.status() == 200
                ? "home showed its own login page: identity provider "
                    + alias
                    + " is missing or disabled"
                : "home answered HTTP " + page.status() + ": " + message(page));
      }
      return null;
    }

    private String partnerLoginPage() throws StepFailed, IOException {
      page = browser.get(page.location().get(), Map.of());
      if (page.status() != 200 || loginForm(page) == null) {
        throw new StepFailed(
            "the partner answered HTTP "
                + page.status()
                + " without a login form: "
                + message(page));
      }
      return null;
    }

    private String partnerCredentials() throws StepFailed, IOException {
      Element form = loginForm(page);
      Map<String, String> fields = new LinkedHashMap<>();
      form.select("input[name]").forEach(input -> fields.put(input.attr("name"), input.val()));
      fields.put("username", user.username());
      fields.put("password", user.password());
      page = browser.postForm(URI.create(form.absUrl("action")), fields);
      String endpoint = homeRealm + "/broker/" + alias + "/endpoint";
      if (!page.redirect() || !page.location().get().toString().startsWith(endpoint)) {
        throw new StepFailed(
            "the partner did not accept "
                + user.username()
                + " (HTTP "
                + page.status()
                + (page.redirect() ? " to " + BrowserSession.bare(page.location().get()) : "")
                + "): "
                + message(page));
      }
      return null;
    }

    /**
     * Back at home's broker endpoint, home exchanges the partner's code over the back channel and
     * logs the user in (creating the account on a first login), then sends the browser to the app's
     * redirect URI with home's own code.
     */
    private String backChannel() throws StepFailed, IOException {
      long since = System.currentTimeMillis() - 2_000;
      page = browser.get(page.location().get(), Map.of());
      int hops = 0;
      while (page.redirect()
          && !page.location().get().toString().startsWith(redirectUri.toString())) {
        if (++hops > MAX_HOPS || !sameOrigin(page.location().get(), homeRealm)) {
          throw new StepFailed(
              "home redirected to "
                  + BrowserSession.bare(page.location().get())
                  + " after the login");
        }
        page = browser.get(page.location().get(), Map.of());
      }
      if (!page.redirect()) {
        Document doc = Jsoup.parse(page.body());
        String asked =
            doc.select("form input[name]:not([type=hidden])").eachAttr("name").toString();
        throw new StepFailed(
            (doc.selectFirst("form") != null && !asked.equals("[]")
                    ? "home's first broker login asks for " + asked + ": "
                    : "home answered HTTP " + page.status() + ": ")
                + message(page)
                + errors.describe(registry, pair, since));
      }
      Map<String, String> answer = query(page.location().get());
      if (answer.containsKey("error")) {
        throw new StepFailed(
            "home returned "
                + answer.get("error")
                + ": "
                + answer.getOrDefault("error_description", "")
                + errors.describe(registry, pair, since));
      }
      code = answer.get("code");
      if (code == null) {
        throw new StepFailed("home's redirect carries no code");
      }
      return null;
    }

    private String codeExchange() throws StepFailed, IOException {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "authorization_code");
      form.put("code", code);
      form.put("redirect_uri", redirectUri.toString());
      form.put("client_id", registry.defaults().clientId());
      form.put("client_secret", secrets.resolve(SecretNames.of(home, "keycloakClientSecret")));
      form.put("code_verifier", verifier);
      page = browser.postForm(URI.create(homeRealm + "/protocol/openid-connect/token"), form);
      JsonNode body = json(page.body());
      if (page.status() != 200 || !body.hasNonNull("access_token")) {
        throw new StepFailed(
            "home's token endpoint answered HTTP "
                + page.status()
                + ": "
                + body.path("error").asText("")
                + " "
                + body.path("error_description").asText(""));
      }
      accessToken = body.get("access_token").asText();
      return null;
    }

    private String claims() throws StepFailed {
      JsonNode claims = claimsOf(accessToken);
      List<String> problems = new ArrayList<>();
      expect(problems, claims, "countryOfAffiliation", partner.code());
      expect(problems, claims, "clearance", user.clearance());
      expect(problems, claims, "uniqueID", user.uniqueId());
      Set<String> coi = new HashSet<>();
      claims.path("acpCOI").forEach(c -> coi.add(c.asText()));
      if (claims.path("acpCOI").isTextual()) {
        coi.add(claims.path("acpCOI").asText());
      }
      if (!coi.equals(new HashSet<>(user.acpCoi()))) {
        problems.add("acpCOI " + claims.path("acpCOI") + " (seeded " + user.acpCoi() + ")");
      }
      String described =
          "token of "
              + user.username()
              + ": countryOfAffiliation="
              + claims.path("countryOfAffiliation").asText("-")
              + " clearance="
              + claims.path("clearance").asText("-")
              + " uniqueID="
              + claims.path("uniqueID").asText("-")
              + " acpCOI="
              + claims.path("acpCOI");
      if (!problems.isEmpty()) {
        throw new StepFailed(
            "missing or wrong claim: " + String.join(", ", problems) + " (" + described + ")");
      }
      return described;
    }

    /** The document home releases to the partner's nation: the API must accept and allow it. */
    private String releasableDocument() throws StepFailed, IOException {
      String id = pair.home() + "-doc-2";
      Page answer = resource(id);
      if (answer.status() == 200) {
        return id + " allowed";
      }
      JsonNode body = json(answer.body());
      String reason = body.path("reason").asText(answer.body());
      if (answer.status() == 403) {
        // The token was accepted; the decision is the next step's business.
        decisionFailure = id + " (releasable to " + partner.code() + ") denied: " + reason;
        return "token accepted";
      }
      throw new StepFailed(
          "home's resource API answered HTTP " + answer.status() + " for " + id + ": " + reason);
    }

    /** The national document: OPA must deny it, and must have allowed the releasable one. */
    private String nationalDocument() throws StepFailed, IOException {
      if (decisionFailure != null) {
        throw new StepFailed(decisionFailure);
      }
      String id = pair.home() + "-doc-3";
      Page answer = resource(id);
      JsonNode body = json(answer.body());
      if (answer.status() == 403) {
        return id + " denied: " + body.path("reason").asText();
      }
      throw new StepFailed(
          id
              + " (releasable to "
              + home.code()
              + " only) answered HTTP "
              + answer.status()
              + (answer.status() == 200
                  ? ": allowed"
                  : ": " + body.path("reason").asText(answer.body())));
    }

    private Page resource(String id) throws IOException {
      return browser.get(
          URI.create(InstanceEndpoints.url(home, "backend", "/api/resources/" + id)),
          Map.of("Authorization", "Bearer " + accessToken));
    }
  }

  private static void expect(List<String> problems, JsonNode claims, String name, String wanted) {
    String actual = claims.path(name).asText(null);
    if (actual == null || actual.isEmpty()) {
      problems.add(name + " missing");
    } else if (!actual.equals(wanted)) {
      problems.add(name + " " + actual + " (expected " + wanted + ")");
    }
  }

  private static Element loginForm(Page page) {
    return Jsoup.parse(page.body(), page.uri().toString()).selectFirst("form#kc-form-login");
  }

  /** The message a Keycloak page shows, or its title. */
  static String message(Page page) {
    if (page.body() == null || page.body().isBlank()) {
      return "(empty page)";
    }
    Document doc = Jsoup.parse(page.body());
    String text =
        doc.select("#input-error, .kc-feedback-text, #kc-error-message, .alert-error, .pf-m-danger")
            .text();
    if (!text.isBlank()) {
      return text.length() > 300 ? text.substring(0, 300) : text;
    }
    JsonNode json = json(page.body());
    if (json.hasNonNull("error")) {
      return json.path("error").asText() + " " + json.path("error_description").asText("");
    }
    return doc.title().isBlank() ? "(no message)" : doc.title();
  }

  static JsonNode claimsOf(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return JSON.createObjectNode();
    }
    return json(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  private static JsonNode json(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> values = new LinkedHashMap<>();
    if (uri.getRawQuery() == null) {
      return values;
    }
    for (String part : uri.getRawQuery().split("&")) {
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      values.put(
          java.net.URLDecoder.decode(key, StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getHost().equals(b.getHost()) && a.getPort() == b.getPort();
  }

  static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }

  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
