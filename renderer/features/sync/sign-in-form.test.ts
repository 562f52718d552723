import { describe, expect, it } from 'vitest';
import { initialSignInValues, plainHttpWarning, signInErrorsOf } from './sign-in-form';

describe('the sign-in form', () => {
  it('starts from the last sign-in, never with a password', () => {
    expect(initialSignInValues(null, 'Laptop 4')).toEqual({
      serverUrl: '',
      userName: '',
      password: '',
      deviceName: 'Laptop 4',
    });
    expect(
      initialSignInValues(
        {
          session: null,
          lastServerUrl: 'https://sync.plant-a.example',
          lastUserName: 'tina',
          lastDeviceName: 'Line 3 tablet',
        },
        'Laptop 4',
      ),
    ).toEqual({
      serverUrl: 'https://sync.plant-a.example',
      userName: 'tina',
      password: '',
      deviceName: 'Line 3 tablet',
    });
  });

  it('puts each problem next to its field, and the reason above the form', () => {
    expect(
      signInErrorsOf({
        reason: 'invalid-input',
        message: 'Enter your user name. Enter your password.',
        problems: [
          { field: 'userName', reason: 'required', message: 'Enter your user name.' },
          { field: 'password', reason: 'required', message: 'Enter your password.' },
        ],
      }),
    ).toEqual({
      fields: { userName: 'Enter your user name.', password: 'Enter your password.' },
      general: '',
    });
    expect(
      signInErrorsOf({
        reason: 'unreachable',
        message: 'The server at https://x.example cannot be reached.',
        problems: [{ field: 'serverUrl', reason: 'not-allowed', message: 'No answer from here.' }],
      }),
    ).toEqual({
      fields: { serverUrl: 'No answer from here.' },
      general: 'The server at https://x.example cannot be reached.',
    });
  });

  it('warns about plain http on the network, not about https or this computer', () => {
    expect(plainHttpWarning('http://10.0.4.2:8787')).toMatch(/unencrypted/);
    expect(plainHttpWarning('http://sync.plant.local')).toMatch(/unencrypted/);
    expect(plainHttpWarning('https://sync.plant.local')).toBeUndefined();
    expect(plainHttpWarning('sync.plant.local')).toBeUndefined();
    expect(plainHttpWarning('http://127.0.0.1:8787')).toBeUndefined();
    expect(plainHttpWarning('http://localhost:8787')).toBeUndefined();
    expect(plainHttpWarning('not an address')).toBeUndefined();
  });
});
