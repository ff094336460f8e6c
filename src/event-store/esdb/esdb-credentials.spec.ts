import { userCredentialsOf } from './esdb-credentials';

describe('userCredentialsOf (the user every append is sent with)', () => {
  it('reads the user of a connection string as the client does, percent-decoded', () => {
    expect(
      userCredentialsOf('esdb+discover://follow%40up:p%3Ass@cluster.example:2113?tlsCAFile=/ca'),
    ).toEqual({ username: 'follow@up', password: 'p:ss' });
    expect(userCredentialsOf(' esdb://app:secret@a:2113,b:2113 ')).toEqual({
      username: 'app',
      password: 'secret',
    });
  });

  it('needs none on an insecure connection, where the client sends none', () => {
    expect(userCredentialsOf('esdb://127.0.0.1:2113?TLS=False')).toMatchObject({
      username: expect.any(String),
    });
  });

  it('refuses a TLS connection without a user, naming what to set', () => {
    expect(() => userCredentialsOf('esdb+discover://cluster.example:2113')).toThrow(
      /uses TLS but names no user/,
    );
    expect(() => userCredentialsOf('esdb://node:2113?tls=true')).toThrow(/EVENTSTORE_CONNECTION/);
  });
});
