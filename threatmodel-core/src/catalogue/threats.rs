//! The threat kinds of the catalogue: OWASP API Top 10 (2023), common API weaknesses, STRIDE.

use super::ThreatKind;
use crate::vocabulary::{Level, Stride};

/// Every threat kind an annotation may name, in catalogue order: the ten OWASP API Security
/// Top 10 (2023) risks, then common API weaknesses, then the six STRIDE categories.
pub const THREAT_KINDS: &[ThreatKind] = &[
    // OWASP API Security Top 10 (2023). CWE ids are exactly those the OWASP pages list.
    ThreatKind {
        id: "broken_object_level_authorization",
        aliases: &["bola"],
        title: "Broken Object Level Authorization",
        stride: &[
            Stride::ElevationOfPrivilege,
            Stride::InformationDisclosure,
            Stride::Tampering,
        ],
        owasp_api_2023: Some("API1:2023"),
        cwe: &[285, 639],
        capec: &[],
        severity: Level::High,
        description: "A handler receives the id of a record in the path, query string, body or a \
            header and reads or changes that record without asking whether this caller may act \
            on it. Anyone who is allowed to call the endpoint at all can then reach other users' \
            records by changing or guessing the id. The check has to run for every object, \
            ideally where the record is fetched.",
    },
    ThreatKind {
        id: "broken_authentication",
        aliases: &[],
        title: "Broken Authentication",
        stride: &[Stride::Spoofing, Stride::ElevationOfPrivilege],
        owasp_api_2023: Some("API2:2023"),
        cwe: &[204, 307],
        capec: &[114, 115],
        severity: Level::High,
        description: "The way the API decides who is calling can be fooled or bypassed: tokens \
            whose signature, algorithm, audience or expiry is not verified, login and reset \
            endpoints that allow unlimited guessing, weak password storage, or sensitive account \
            changes that do not ask for the password again. An attacker who defeats it acts with \
            another principal's identity on every endpoint that trusts it.",
    },
    ThreatKind {
        id: "broken_object_property_level_authorization",
        aliases: &["bopla"],
        title: "Broken Object Property Level Authorization",
        stride: &[
            Stride::InformationDisclosure,
            Stride::Tampering,
            Stride::ElevationOfPrivilege,
        ],
        owasp_api_2023: Some("API3:2023"),
        cwe: &[213, 915],
        capec: &[],
        severity: Level::High,
        description: "The caller may access the object but not every field of it, and the API \
            does not enforce that difference. Responses serialize whole records, including \
            internal or sensitive fields, or request bodies are bound onto the record so that \
            fields such as a role, balance or owner can be written by the client.",
    },
    ThreatKind {
        id: "unrestricted_resource_consumption",
        aliases: &[],
        title: "Unrestricted Resource Consumption",
        stride: &[Stride::DenialOfService],
        owasp_api_2023: Some("API4:2023"),
        cwe: &[400, 770, 799],
        capec: &[125, 130],
        severity: Level::Medium,
        description: "Nothing bounds what a single request or a single client may cost: body and \
            upload sizes, page sizes, query complexity, execution time, number of calls, or \
            calls to paid providers such as SMS, e-mail or payment APIs. A few crafted or \
            repeated requests can exhaust CPU, memory, connections or budget, taking the service \
            down or running up the bill.",
    },
    ThreatKind {
        id: "broken_function_level_authorization",
        aliases: &["bfla"],
        title: "Broken Function Level Authorization",
        stride: &[Stride::ElevationOfPrivilege],
        owasp_api_2023: Some("API5:2023"),
        cwe: &[285],
        capec: &[1, 58],
        severity: Level::High,
        description: "Operations meant for privileged roles, such as admin routes, internal \
            endpoints or a more powerful HTTP method on an ordinary resource, do not check the \
            caller's role or permission. A regular or anonymous caller who learns the route, \
            often by guessing it from the public ones, can invoke the privileged function \
            directly.",
    },
    ThreatKind {
        id: "unrestricted_access_to_sensitive_business_flows",
        aliases: &["sensitive_business_flows"],
        title: "Unrestricted Access to Sensitive Business Flows",
        stride: &[Stride::DenialOfService, Stride::ElevationOfPrivilege],
        owasp_api_2023: Some("API6:2023"),
        cwe: &[],
        capec: &[212],
        severity: Level::Medium,
        description: "A flow that is harmless when a person uses it, such as buying scarce stock, \
            reserving seats, creating accounts, redeeming referral credit or posting content, is \
            exposed without anything that tells automated use apart from human use. Every single \
            request is legitimate, but scripted at volume the flow drains inventory, floods the \
            platform or pays out rewards the business never intended.",
    },
    ThreatKind {
        id: "server_side_request_forgery",
        aliases: &["ssrf"],
        title: "Server Side Request Forgery",
        stride: &[
            Stride::InformationDisclosure,
            Stride::ElevationOfPrivilege,
            Stride::Spoofing,
        ],
        owasp_api_2023: Some("API7:2023"),
        cwe: &[918],
        capec: &[664],
        severity: Level::High,
        description: "The service makes an outbound HTTP request to a URL or host that the caller \
            chooses or influences, for example a webhook, an image to import or a link preview. \
            Without a check of the final destination, the attacker uses the server's network \
            position to reach internal services, cloud metadata endpoints and their credentials, \
            or arbitrary third parties.",
    },
    ThreatKind {
        id: "security_misconfiguration",
        aliases: &[],
        title: "Security Misconfiguration",
        stride: &[
            Stride::InformationDisclosure,
            Stride::Tampering,
            Stride::DenialOfService,
        ],
        owasp_api_2023: Some("API8:2023"),
        cwe: &[2, 16, 209, 319, 388, 942],
        capec: &[],
        severity: Level::Medium,
        description: "Some layer of the stack runs with an insecure default or without hardening: \
            a permissive CORS policy, plain HTTP, missing security headers, error responses that \
            carry stack traces or SQL, debug features or unneeded HTTP methods left enabled, or \
            components left unpatched. Each gap is small, but together they hand attackers \
            information and easy entry points.",
    },
    ThreatKind {
        id: "improper_inventory_management",
        aliases: &[],
        title: "Improper Inventory Management",
        stride: &[Stride::InformationDisclosure, Stride::ElevationOfPrivilege],
        owasp_api_2023: Some("API9:2023"),
        cwe: &[1059],
        capec: &[121, 36],
        severity: Level::Medium,
        description: "Nobody keeps an accurate list of which API hosts, versions, environments and \
            outbound data flows exist. Old versions, staging or debug deployments and forgotten \
            integrations stay reachable without the patches and controls of the current API, \
            and data shared with third parties goes unnoticed.",
    },
    ThreatKind {
        id: "unsafe_consumption_of_apis",
        aliases: &["unsafe_api_consumption"],
        title: "Unsafe Consumption of APIs",
        stride: &[
            Stride::Tampering,
            Stride::InformationDisclosure,
            Stride::Spoofing,
        ],
        owasp_api_2023: Some("API10:2023"),
        cwe: &[20, 200, 319],
        capec: &[],
        severity: Level::High,
        description: "The service trusts responses from third-party or upstream APIs more than it \
            trusts its own callers. It uses their data without validation, follows their \
            redirects blindly, talks to them over cleartext channels or waits on them without \
            limits, so whoever compromises or impersonates the upstream can inject data into, \
            read from or stall this service.",
    },
    // Common API weaknesses outside the 2023 Top 10 names.
    ThreatKind {
        id: "injection",
        aliases: &[],
        title: "Injection",
        stride: &[
            Stride::Tampering,
            Stride::InformationDisclosure,
            Stride::ElevationOfPrivilege,
        ],
        owasp_api_2023: None,
        cwe: &[74],
        capec: &[248],
        severity: Level::Critical,
        description: "Request data is spliced into text that another interpreter parses, such as \
            a SQL or NoSQL query, a shell command, an LDAP filter, a template or an HTML page, so \
            that crafted input changes the meaning of that text instead of being treated as a \
            value. Depending on the interpreter, the attacker reads or alters data or runs code.",
    },
    ThreatKind {
        id: "sql_injection",
        aliases: &[],
        title: "SQL Injection",
        stride: &[
            Stride::Tampering,
            Stride::InformationDisclosure,
            Stride::ElevationOfPrivilege,
        ],
        owasp_api_2023: None,
        cwe: &[89],
        capec: &[66],
        severity: Level::Critical,
        description: "A SQL statement is assembled by string formatting from path parameters, \
            query strings, body fields or headers. Input containing quotes or SQL syntax then \
            rewrites the statement, letting the caller dump or modify tables, skip the ownership \
            filter in a WHERE clause, or sometimes run commands on the database host.",
    },
    ThreatKind {
        id: "command_injection",
        aliases: &[],
        title: "Command Injection",
        stride: &[
            Stride::ElevationOfPrivilege,
            Stride::Tampering,
            Stride::InformationDisclosure,
        ],
        owasp_api_2023: None,
        cwe: &[78],
        capec: &[88],
        severity: Level::Critical,
        description: "The API runs an operating system command, for example through a shell for \
            image conversion or archive handling, with arguments built from request data. Shell \
            metacharacters in that data chain or substitute extra commands, which then run with \
            the privileges of the service process.",
    },
    ThreatKind {
        id: "xss",
        aliases: &[],
        title: "Cross-Site Scripting (XSS)",
        stride: &[
            Stride::Tampering,
            Stride::InformationDisclosure,
            Stride::Spoofing,
        ],
        owasp_api_2023: None,
        cwe: &[79],
        capec: &[63],
        severity: Level::Medium,
        description: "Data accepted by the API is later placed into an HTML page or a script \
            context without encoding, either echoed straight back or stored and shown to other \
            users by a web front end. Script planted that way runs in victims' browsers with \
            their session, so it can read their data, steal their tokens or call the API as them.",
    },
    ThreatKind {
        id: "path_traversal",
        aliases: &[],
        title: "Path Traversal",
        stride: &[Stride::InformationDisclosure, Stride::Tampering],
        owasp_api_2023: None,
        cwe: &[22],
        capec: &[126],
        severity: Level::High,
        description: "A file name or path taken from the request is joined to a base directory \
            and opened without confining the result to that directory. Sequences such as `../`, \
            absolute paths or encoded separators let the caller read or overwrite files \
            elsewhere on the host, such as configuration, keys or other tenants' uploads.",
    },
    ThreatKind {
        id: "csrf",
        aliases: &[],
        title: "Cross-Site Request Forgery (CSRF)",
        stride: &[Stride::Spoofing, Stride::Tampering],
        owasp_api_2023: None,
        cwe: &[352],
        capec: &[62],
        severity: Level::Medium,
        description: "An endpoint that changes state authenticates the caller only by something \
            the browser attaches on its own, such as a session cookie or HTTP Basic \
            credentials. A page on another site can then make the victim's browser send a \
            forged request that the API executes as the victim.",
    },
    ThreatKind {
        id: "mass_assignment",
        aliases: &[],
        title: "Mass Assignment",
        stride: &[Stride::Tampering, Stride::ElevationOfPrivilege],
        owasp_api_2023: Some("API3:2023"),
        cwe: &[915],
        capec: &[],
        severity: Level::High,
        description: "The request body is deserialized straight onto a model or update statement, \
            so any field the client includes is written. By adding fields the client form never \
            shows, such as an admin flag, an owner id, a price or a verification status, the \
            caller changes data it was never meant to control.",
    },
    ThreatKind {
        id: "replay",
        aliases: &[],
        title: "Replay",
        stride: &[Stride::Spoofing, Stride::Tampering],
        owasp_api_2023: None,
        cwe: &[294],
        capec: &[60],
        severity: Level::Medium,
        description: "A request that was valid once, such as a signed webhook, a payment \
            instruction or a captured token, is sent again and accepted again because nothing \
            marks it as already used or expired. The attacker repeats its effect, such as a \
            second transfer or a second login, without knowing any secret.",
    },
    ThreatKind {
        id: "credential_stuffing",
        aliases: &[],
        title: "Credential Stuffing",
        stride: &[Stride::Spoofing],
        owasp_api_2023: Some("API2:2023"),
        cwe: &[307],
        capec: &[600],
        severity: Level::High,
        description: "Attackers replay large lists of usernames and passwords leaked from other \
            services against the login or token endpoint, counting on password reuse. Without \
            throttling or automation detection, a small fraction of the attempts succeeds and \
            yields working accounts.",
    },
    ThreatKind {
        id: "user_enumeration",
        aliases: &[],
        title: "User Enumeration",
        stride: &[Stride::InformationDisclosure],
        owasp_api_2023: Some("API2:2023"),
        cwe: &[204],
        capec: &[],
        severity: Level::Low,
        description: "Login, registration or password reset endpoints answer differently, by \
            status code, message or response time, depending on whether an account exists. \
            Probing them in bulk yields a list of valid users, which makes credential guessing \
            and phishing far cheaper.",
    },
    ThreatKind {
        id: "sensitive_data_in_logs",
        aliases: &[],
        title: "Sensitive Data in Logs",
        stride: &[Stride::InformationDisclosure],
        owasp_api_2023: None,
        cwe: &[532],
        capec: &[],
        severity: Level::Medium,
        description: "Request or response logging, tracing spans or error reports record \
            passwords, tokens, API keys or personal data. Logs are copied to many systems and \
            read by many people, so those values leak to anyone with access to the log pipeline, \
            usually with longer retention than the data itself.",
    },
    ThreatKind {
        id: "insecure_deserialization",
        aliases: &[],
        title: "Insecure Deserialization",
        stride: &[
            Stride::ElevationOfPrivilege,
            Stride::Tampering,
            Stride::DenialOfService,
        ],
        owasp_api_2023: None,
        cwe: &[502],
        capec: &[586],
        severity: Level::Critical,
        description: "The API deserializes attacker-controlled bytes, such as a body, a cookie or \
            a queued message, with a format or library that can build arbitrary types or runs \
            code while decoding. Crafted payloads then instantiate unexpected objects, bypass \
            checks, exhaust memory or execute code.",
    },
    ThreatKind {
        id: "open_redirect",
        aliases: &[],
        title: "Open Redirect",
        stride: &[Stride::Spoofing, Stride::InformationDisclosure],
        owasp_api_2023: None,
        cwe: &[601],
        capec: &[],
        severity: Level::Low,
        description: "An endpoint answers with a redirect to a location taken from a request \
            parameter, for example a `next` or `redirect_uri` value, without checking it \
            against known destinations. Attackers use the trusted domain to send victims to \
            phishing pages, and in OAuth or login flows to leak codes or tokens to a host they \
            control.",
    },
    ThreatKind {
        id: "hardcoded_secret",
        aliases: &[],
        title: "Hard-coded Secret",
        stride: &[Stride::InformationDisclosure, Stride::Spoofing],
        owasp_api_2023: None,
        cwe: &[798],
        capec: &[191],
        severity: Level::High,
        description: "A password, API key, signing key or connection string is written into the \
            source code or a committed configuration file. Everyone who can read the repository, \
            a build artifact or the binary learns it, and it cannot be rotated without a new \
            release.",
    },
    ThreatKind {
        id: "token_in_url",
        aliases: &[],
        title: "Token in URL",
        stride: &[Stride::InformationDisclosure, Stride::Spoofing],
        owasp_api_2023: Some("API2:2023"),
        cwe: &[598],
        capec: &[],
        severity: Level::Medium,
        description: "An access token, API key, session id or reset code travels in the path or \
            query string. URLs end up in access logs, proxy and CDN logs, browser history and \
            Referer headers, so the credential leaks to parties who can then use it to \
            authenticate.",
    },
    ThreatKind {
        id: "timing_attack",
        aliases: &[],
        title: "Timing Attack",
        stride: &[Stride::InformationDisclosure],
        owasp_api_2023: None,
        cwe: &[208],
        capec: &[],
        severity: Level::Medium,
        description: "The time the API takes to answer depends on secret data, for instance \
            because an API key, HMAC or reset token is compared byte by byte and the comparison \
            stops at the first mismatch. By measuring many responses an attacker recovers the \
            secret piece by piece or learns facts such as whether an account exists.",
    },
    // The six STRIDE categories, for threats that fit no narrower kind.
    ThreatKind {
        id: "spoofing",
        aliases: &[],
        title: "Spoofing",
        stride: &[Stride::Spoofing],
        owasp_api_2023: None,
        cwe: &[290],
        capec: &[151],
        severity: Level::High,
        description: "A caller, upstream service or webhook sender claims an identity that is not \
            its own and the API accepts the claim. Examples are unverified tokens, a trusted \
            user id header set by the client, or callbacks that carry no signature.",
    },
    ThreatKind {
        id: "tampering",
        aliases: &[],
        title: "Tampering",
        stride: &[Stride::Tampering],
        owasp_api_2023: None,
        cwe: &[345],
        capec: &[],
        severity: Level::High,
        description: "Data is modified by someone not entitled to change it, whether in a request \
            in transit, in a store or cache, or in a value the client sends back such as a price, \
            a hidden field or an unsigned token. The API acts on the altered data as if it were \
            authentic.",
    },
    ThreatKind {
        id: "repudiation",
        aliases: &[],
        title: "Repudiation",
        stride: &[Stride::Repudiation],
        owasp_api_2023: None,
        cwe: &[778],
        capec: &[268],
        severity: Level::Low,
        description: "A principal performs a significant action through the API, such as a \
            transfer, a deletion or a permission change, and can later deny it because no \
            trustworthy record ties the action to an identity and a time. Missing, incomplete or \
            editable audit trails make incidents impossible to investigate.",
    },
    ThreatKind {
        id: "information_disclosure",
        aliases: &[],
        title: "Information Disclosure",
        stride: &[Stride::InformationDisclosure],
        owasp_api_2023: None,
        cwe: &[200],
        capec: &[],
        severity: Level::Medium,
        description: "Data reaches someone who is not entitled to see it: through over-broad \
            responses, verbose errors, unencrypted channels or stores, caches shared between \
            users, or side channels. What leaks may be user data, secrets or internal details \
            that help a later attack.",
    },
    ThreatKind {
        id: "denial_of_service",
        aliases: &[],
        title: "Denial of Service",
        stride: &[Stride::DenialOfService],
        owasp_api_2023: None,
        cwe: &[400],
        capec: &[125],
        severity: Level::Medium,
        description: "Legitimate callers cannot use the API because an attacker floods it, sends \
            requests that are expensive to serve, triggers crashes, or locks shared resources \
            such as accounts, connection pools or queues. Availability is lost even though no \
            data is read or changed.",
    },
    ThreatKind {
        id: "elevation_of_privilege",
        aliases: &[],
        title: "Elevation of Privilege",
        stride: &[Stride::ElevationOfPrivilege],
        owasp_api_2023: None,
        cwe: &[269],
        capec: &[233],
        severity: Level::High,
        description: "A caller gains capabilities beyond those granted to it, such as acting as \
            an administrator, on another tenant's resources, or with the service's own \
            privileges on the host or network. It usually follows from a missing authorization \
            check or from a flaw that lets input run as code.",
    },
];
