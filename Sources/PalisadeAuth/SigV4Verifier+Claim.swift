public import PalisadeCore

extension SigV4Verifier {
    private static let queryAuthenticationParameters: Set<String> = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires",
        "X-Amz-Security-Token",
    ]

    /// Reads the identity `request` claims and checks all that needs no secret: the form of the signature
    /// parameters, the credential scope (day, region, service) and the request time.
    /// - Parameters:
    ///   - request: The request as received.
    ///   - now: The server's current time.
    /// - Returns: The claimed access key and scope; pass it to ``verify(_:claim:secret:)``.
    /// - Throws: ``AuthError``: `MissingAuthenticationToken`, `IncompleteSignature`, `SignatureDoesNotMatch`
    ///   (wrong scope) or `RequestExpired`.
    public func claim(of request: SigV4Request, now: Timestamp) throws(AuthError) -> SigV4Claim {
        let authorizations = request.values(of: "Authorization")
        let parameters = QueryParameter.parse(request.query)
        let isPresigned = parameters.contains {
            $0.name == "X-Amz-Algorithm" || $0.name == "X-Amz-Credential" || $0.name == "X-Amz-Signature"
        }
        let claim: SigV4Claim
        switch (authorizations.count, isPresigned) {
        case (0, false): throw AuthError(.missingAuthentication)
        case (0, true): claim = try queryClaim(parameters)
        case (1, false): claim = try headerClaim(request, authorization: authorizations[0])
        default: throw AuthError(.multipleAuthenticationMechanisms)
        }
        try checkScope(of: claim)
        try checkTime(of: claim, now: now)
        return claim
    }

    private func headerClaim(_ request: SigV4Request, authorization: String) throws(AuthError) -> SigV4Claim {
        let header = try AuthorizationHeader.parse(authorization)
        let (accessKeyId, scope) = try Self.parseCredential(header.credential)
        let amzDate: String
        let requestTime: Timestamp
        let amzDates = request.values(of: "X-Amz-Date")
        if !amzDates.isEmpty {
            let value = amzDates.joined(separator: ",")
            guard amzDates.count == 1, let time = AmzDate.parse(value) else { throw AuthError(.malformedDate(value)) }
            (amzDate, requestTime) = (value, time)
        } else if let value = request.values(of: "Date").first {
            guard let time = AmzDate.parseHTTPDate(value) else { throw AuthError(.malformedDate(value)) }
            (amzDate, requestTime) = (AmzDate.format(time), time)
        } else {
            throw AuthError(.missingDate)
        }
        let tokens = request.values(of: "X-Amz-Security-Token")
        return SigV4Claim(
            form: .header,
            accessKeyId: accessKeyId,
            scope: scope,
            signedHeaders: try Self.parseSignedHeaders(header.signedHeaders),
            amzDate: amzDate,
            requestTime: requestTime,
            expires: nil,
            signature: header.signature,
            securityToken: tokens.isEmpty ? nil : tokens.joined(separator: ",")
        )
    }

    private func queryClaim(_ parameters: [QueryParameter]) throws(AuthError) -> SigV4Claim {
        var values: [String: String] = [:]
        for parameter in parameters where Self.queryAuthenticationParameters.contains(parameter.name) {
            guard values[parameter.name] == nil else {
                throw AuthError(.duplicateAuthorizationParameter(parameter.name))
            }
            values[parameter.name] = parameter.value
        }
        let required = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders"]
        let missing = required.filter { (values[$0] ?? "").isEmpty }
        guard missing.isEmpty, let algorithm = values["X-Amz-Algorithm"], let credential = values["X-Amz-Credential"],
            let signature = values["X-Amz-Signature"], let amzDate = values["X-Amz-Date"],
            let signedHeaders = values["X-Amz-SignedHeaders"]
        else { throw AuthError(.missingQueryParameters(missing)) }
        guard algorithm == Self.algorithm else { throw AuthError(.unsupportedAlgorithm(algorithm)) }
        let (accessKeyId, scope) = try Self.parseCredential(credential)
        guard let requestTime = AmzDate.parse(amzDate) else { throw AuthError(.malformedDate(amzDate)) }
        var expires: Int?
        if let text = values["X-Amz-Expires"] {
            guard text.utf8.count <= 9, let seconds = Int(text), seconds >= 0 else {
                throw AuthError(.malformedExpires)
            }
            guard seconds <= maximumExpiresSeconds else {
                throw AuthError(.expiresTooLarge(maximum: maximumExpiresSeconds))
            }
            expires = seconds
        }
        return SigV4Claim(
            form: .query,
            accessKeyId: accessKeyId,
            scope: scope,
            signedHeaders: try Self.parseSignedHeaders(signedHeaders),
            amzDate: amzDate,
            requestTime: requestTime,
            expires: expires,
            signature: signature,
            securityToken: values["X-Amz-Security-Token"]
        )
    }

    /// The access key and region a request names, read leniently and not verified: whose a request claims to be
    /// when it is not checked (`--no-auth`) or failed the check (for the audit trail). Header or presigned form;
    /// the region is `nil` when the credential is not a full scope.
    public static func claimedCredential(authorization: String?, query: String) -> (accessKeyId: String, region: String?)? {
        let credential: String
        if let authorization, let header = try? AuthorizationHeader.parse(authorization) {
            credential = header.credential
        } else if let parameter = QueryParameter.parse(query).first(where: { $0.name == "X-Amz-Credential" }) {
            credential = parameter.value
        } else {
            return nil
        }
        if let (accessKeyId, scope) = try? parseCredential(credential) { return (accessKeyId, scope.region) }
        let accessKeyId = credential.prefix { $0 != "/" }
        return accessKeyId.isEmpty ? nil : (String(accessKeyId), nil)
    }

    /// `AKID/20150830/us-east-1/ec2/aws4_request` → key ID and scope.
    private static func parseCredential(_ credential: String) throws(AuthError) -> (String, CredentialScope) {
        let elements = credential.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Substring.init)
        guard elements.count == 5, elements.allSatisfy({ !$0.isEmpty }) else { throw AuthError(.malformedCredential) }
        guard elements[4] == CredentialScope.terminator else {
            throw AuthError(.credentialTerminator(String(elements[4])))
        }
        return (
            String(elements[0]),
            CredentialScope(date: String(elements[1]), region: String(elements[2]), service: String(elements[3]))
        )
    }

    /// `content-type;host;x-amz-date` → lower-case, de-duplicated, sorted names; `host` must be among them.
    private static func parseSignedHeaders(_ list: String) throws(AuthError) -> [String] {
        let names = Set(list.split(separator: ";").map { $0.lowercased() })
        guard names.contains("host") else { throw AuthError(.hostNotSigned) }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private func checkScope(of claim: SigV4Claim) throws(AuthError) {
        let day = String(claim.amzDate.prefix(8))
        guard claim.scope.date == day else {
            throw AuthError(.scopeDate(scope: claim.scope.date, request: day, amzDate: claim.amzDate))
        }
        guard acceptsRegion(claim.scope.region) else { throw AuthError(.scopeRegion(claim.scope.region)) }
        guard acceptedServices.contains(claim.scope.service) else {
            throw AuthError(.scopeService(expected: acceptedServices.first ?? "ec2", got: claim.scope.service))
        }
    }

    /// EC2 refuses a request more than the skew before or after its time, and a presigned URL more than the
    /// skew after it expires (EC2's documented `RequestExpired` rule, which grants the skew on expiry too).
    private func checkTime(of claim: SigV4Claim, now: Timestamp) throws(AuthError) {
        let skew = Int64(allowedClockSkewSeconds) * 1000
        let signed = claim.requestTime.millisecondsSince1970
        let current = now.millisecondsSince1970
        guard current >= signed - skew else { throw AuthError(.notYetValid) }
        let lifetime = Int64(claim.expires ?? 0) * 1000
        guard current <= signed + lifetime + skew else { throw AuthError(.expired) }
    }
}
