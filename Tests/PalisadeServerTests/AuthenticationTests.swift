import Foundation
import PalisadeAuth
import PalisadeCore
import PalisadeServer
import PalisadeStore
import PalisadeStoreSQLite
import PalisadeWire
import Testing

/// SigV4 against stored keys, the key cache, and encrypted secrets at rest.
struct AuthenticationTests {
    static let now = Timestamp(millisecondsSince1970: 1_700_000_000_000)
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    static func store() throws -> MemoryCredentialStore {
        let store = MemoryCredentialStore()
        try store.createAccount(StoredAccount(accountId: "111111111111", name: "a", created: now))
        try store.addAccessKey(
            StoredAccessKey(accessKeyId: "AKIAAAAAAAAAAAAAAAAA", accountId: "111111111111", secretAccessKey: secret, created: now))
        return store
    }

    static func signed(
        key: String = "AKIAAAAAAAAAAAAAAAAA", secret: String = secret, region: String = "us-east-1", service: String = "ec2",
        body: String = "Action=DescribeVpcs&Version=2016-11-15", at time: Timestamp = now
    ) -> SigV4Request {
        let signer = SigV4Signer(accessKeyId: key, secretAccessKey: secret, region: region, service: service)
        let request = SigV4Request(
            method: "POST", target: "/",
            headers: [("Host", "127.0.0.1:4566"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(body.utf8))
        return signer.sign(request, at: time)
    }

    static func code(_ body: () throws(AuthError) -> Principal) -> String? {
        do throws(AuthError) {
            _ = try body()
            return nil
        } catch {
            return error.code.rawValue
        }
    }

    @Test func validSignaturePassesAndNamesTheAccount() throws {
        let authenticator = Authenticator(credentials: try Self.store())
        let principal = try authenticator.authenticate(Self.signed(region: "eu-west-1"), now: Self.now)
        #expect(principal.accountId == "111111111111")
        #expect(principal.region == "eu-west-1")
        #expect(principal.accessKeyId == "AKIAAAAAAAAAAAAAAAAA")
    }

    @Test func failuresCarryEC2Codes() throws {
        let authenticator = Authenticator(credentials: try Self.store())
        var tampered = Self.signed()
        tampered.payload = .bytes(Array("Action=DeleteVpc&Version=2016-11-15".utf8))
        #expect(Self.code { () throws(AuthError) in try authenticator.authenticate(tampered, now: Self.now) } == "SignatureDoesNotMatch")
        #expect(
            Self.code { () throws(AuthError) in
                try authenticator.authenticate(Self.signed(key: "AKIAUNKNOWNUNKNOWN00"), now: Self.now)
            } == "AuthFailure")
        #expect(
            Self.code { () throws(AuthError) in
                try authenticator.authenticate(Self.signed(secret: "wrong"), now: Self.now)
            } == "SignatureDoesNotMatch")
        let late = Timestamp(millisecondsSince1970: Self.now.millisecondsSince1970 + 16 * 60 * 1000)
        #expect(Self.code { () throws(AuthError) in try authenticator.authenticate(Self.signed(), now: late) } == "RequestExpired")
        let unsigned = SigV4Request(method: "POST", target: "/", headers: [("Host", "127.0.0.1:4566")], body: [])
        #expect(
            Self.code { () throws(AuthError) in try authenticator.authenticate(unsigned, now: Self.now) }
                == "MissingAuthenticationToken")
    }

    @Test func newAndDeletedKeysAreSeenWithoutRestart() async throws {
        let store = try Self.store()
        let authenticator = Authenticator(credentials: store, refreshInterval: .milliseconds(50))
        _ = try authenticator.authenticate(Self.signed(), now: Self.now)
        // A new key works at once: an unknown key forces a refresh.
        try store.addAccessKey(
            StoredAccessKey(accessKeyId: "AKIABBBBBBBBBBBBBBBB", accountId: "111111111111", secretAccessKey: "s2", created: Self.now))
        _ = try authenticator.authenticate(Self.signed(key: "AKIABBBBBBBBBBBBBBBB", secret: "s2"), now: Self.now)
        store.deleteAccessKey("AKIAAAAAAAAAAAAAAAAA")
        try await Task.sleep(for: .milliseconds(80))
        #expect(Self.code { () throws(AuthError) in try authenticator.authenticate(Self.signed(), now: Self.now) } == "AuthFailure")
    }

    @Test func sqliteStoreSealsSecretsUnderAPrivateKeyFile() throws {
        let path = DispatcherTests.temporaryPath()
        let store = try SQLiteCredentialStore(path: path)
        try store.createAccount(StoredAccount(accountId: "222222222222", name: "b", created: Self.now))
        #expect(throws: CredentialStoreError.self) {
            try store.createAccount(StoredAccount(accountId: "333333333333", name: "b", created: Self.now))
        }
        let before = try store.version()
        try store.addAccessKey(
            StoredAccessKey(accessKeyId: "AKIACCCCCCCCCCCCCCCC", accountId: "222222222222", secretAccessKey: Self.secret, created: Self.now))
        #expect(try store.version() > before)
        // Another handle on the same file (as the CLI is to a running server) reads the same secret.
        let other = try SQLiteCredentialStore(path: path)
        #expect(try other.accessKeys().map(\.secretAccessKey) == [Self.secret])
        let attributes = try FileManager.default.attributesOfItem(atPath: path + ".key")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        for file in [path, path + "-wal"] {
            let data = FileManager.default.contents(atPath: file) ?? Data()
            #expect(data.range(of: Data(Self.secret.utf8)) == nil)
        }
        // Without the right server key, the secret cannot be read.
        try FileManager.default.removeItem(atPath: path + ".key")
        #expect(throws: CredentialStoreError.self) { try SQLiteCredentialStore(path: path).accessKeys() }
        #expect(try other.deleteAccessKey("AKIACCCCCCCCCCCCCCCC"))
        #expect(try !other.deleteAccessKey("AKIACCCCCCCCCCCCCCCC"))
    }
}

/// Two accounts on one store: each sees and changes only its own resources.
struct AccountIsolationTests {
    static func principal(_ account: String, region: String = "us-east-1") -> Principal {
        Principal(
            accountId: account, accessKeyId: "AKIA\(account)", region: region, service: "ec2",
            requestTime: AuthenticationTests.now, form: .header)
    }

    static func call(_ dispatcher: EC2Dispatcher, _ account: String, _ parameters: [String: String]) async -> (Int, String) {
        var all = parameters
        all["Version"] = "2016-11-15"
        let outcome = await dispatcher.handle(QueryRequest(parameters: all), principal: principal(account))
        return (outcome.status, String(decoding: outcome.body, as: UTF8.self))
    }

    @Test func accountsCannotSeeOrTouchEachOthersResources() async throws {
        let dispatcher = try DispatcherTests.dispatcher()
        let (_, created) = await Self.call(
            dispatcher, "111111111111", ["Action": "CreateSecurityGroup", "GroupName": "web", "GroupDescription": "web"])
        let groupId = try #require(DispatcherTests.value("groupId", in: created))
        let (_, vpcs) = await Self.call(dispatcher, "111111111111", ["Action": "DescribeVpcs"])
        let vpcId = try #require(DispatcherTests.value("vpcId", in: vpcs))

        let b = "222222222222"
        let (_, own) = await Self.call(dispatcher, b, ["Action": "CreateSecurityGroup", "GroupName": "app", "GroupDescription": "app"])
        let bGroup = try #require(DispatcherTests.value("groupId", in: own))
        let (_, listed) = await Self.call(dispatcher, b, ["Action": "DescribeSecurityGroups"])
        #expect(!listed.contains(groupId) && !listed.contains("111111111111"))
        for filter in ["group-id": groupId, "group-name": "web", "vpc-id": vpcId, "owner-id": "111111111111"] {
            let (_, filtered) = await Self.call(
                dispatcher, b,
                ["Action": "DescribeSecurityGroups", "Filter.1.Name": filter.key, "Filter.1.Value.1": filter.value])
            #expect(!filtered.contains(groupId), "filter \(filter.key)")
        }
        let denied: [[String: String]] = [
            ["Action": "DescribeSecurityGroups", "GroupId.1": groupId],
            ["Action": "DeleteSecurityGroup", "GroupId": groupId],
            [
                "Action": "AuthorizeSecurityGroupIngress", "GroupId": groupId, "IpPermissions.1.IpProtocol": "tcp",
                "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22",
                "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0",
            ],
            [
                "Action": "AuthorizeSecurityGroupIngress", "GroupId": bGroup, "IpPermissions.1.IpProtocol": "tcp",
                "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22",
                "IpPermissions.1.Groups.1.GroupId": groupId,
            ],
            ["Action": "CreateTags", "ResourceId.1": groupId, "Tag.1.Key": "k", "Tag.1.Value": "v"],
        ]
        for parameters in denied {
            let (status, body) = await Self.call(dispatcher, b, parameters)
            #expect(status == 400 && body.contains("NotFound"), "\(parameters["Action"]!): \(body)")
        }
        let (_, bVpcs) = await Self.call(dispatcher, b, ["Action": "DescribeVpcs", "VpcId.1": vpcId])
        #expect(bVpcs.contains("InvalidVpcID.NotFound"))
        // A's group is untouched.
        let (_, still) = await Self.call(dispatcher, "111111111111", ["Action": "DescribeSecurityGroups", "GroupId.1": groupId])
        #expect(still.contains("<groupName>web</groupName>") && !still.contains("<fromPort>22</fromPort>"))
    }

    @Test func callerIdentityNamesTheSigner() async throws {
        let dispatcher = try DispatcherTests.dispatcher()
        let outcome = await dispatcher.handle(
            QueryRequest(parameters: ["Action": "GetCallerIdentity", "Version": "2011-06-15"]), principal: Self.principal("444444444444"))
        let body = String(decoding: outcome.body, as: UTF8.self)
        #expect(body.contains("<Account>444444444444</Account>"))
        #expect(body.contains("<Arn>arn:aws:iam::444444444444:user/palisade</Arn>"))
    }
}
