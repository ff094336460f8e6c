import {
  Body,
  CanActivate,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Logger,
  Post,
  UseGuards,
  type OnModuleInit,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems, S } from '../http/api-docs';
import { IsIn, IsString } from 'class-validator';
import { AUTH_SECRET } from '../auth/auth.module';
import { IdentityProvider } from '../auth/identity-provider';
import type { AuthSecret } from '../auth/auth-secret';
import { Public } from '../auth/public.decorator';
import { TokenService } from '../auth/token.service';
import { ProblemException } from '../http/problem';
import { DEMO_USERS, demoPrincipal, type DemoUser } from './demo-users';

export class DemoTokenRequest {
  @ApiProperty({ enum: DEMO_USERS.map((u) => u.id), example: 'office' })
  @IsString()
  @IsIn(DEMO_USERS.map((u) => u.id), { message: 'user must be one of the demo users' })
  user!: string;
}

const DEMO_USER = S.object(
  { id: S.string(), name: S.string(), role: S.string(), unit: S.string() },
  ['unit'],
);

/**
 * Demo sign-in exists only while the server signs with the secret it generated for itself
 * (`AUTH_SECRET` unset, a development set-up) and has no identity provider (`AUTH_ISSUER` unset:
 * tokens signed with a generated secret are then refused anyway). A guard answers 404 before any
 * validation, so any other server behaves as if these routes did not exist.
 */
@Injectable()
export class DevelopmentSecretGuard implements CanActivate {
  constructor(
    @Inject(AUTH_SECRET) private readonly secret: AuthSecret,
    @Inject(IdentityProvider) private readonly provider: IdentityProvider | null,
  ) {}

  canActivate(): boolean {
    if (this.secret.generated && !this.provider) return true;
    throw new ProblemException(
      404,
      'AUTH.DEMO_SIGN_IN_DISABLED',
      'Demo sign-in exists only on a development server (AUTH_SECRET unset)',
    );
  }
}

@ApiTags('auth')
@Controller('auth')
@UseGuards(DevelopmentSecretGuard)
export class DemoSignInController implements OnModuleInit {
  constructor(
    @Inject(AUTH_SECRET) private readonly secret: AuthSecret,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(IdentityProvider) private readonly provider: IdentityProvider | null,
  ) {}

  onModuleInit(): void {
    if (this.secret.generated && !this.provider) {
      new Logger('Auth').warn(
        'AUTH_SECRET is not set: signing with a generated development secret, demo sign-in is open to anyone who reaches this server',
      );
    }
  }

  @Get('demo-users')
  @Public()
  @ApiOperation({
    summary: 'Demo users for the dashboard (development only)',
    security: [],
    description:
      'Answers 404 unless the server runs with its generated secret (AUTH_SECRET unset).',
  })
  @ApiOkResponse({ schema: S.array(DEMO_USER) })
  @ApiProblems(404)
  users(): readonly DemoUser[] {
    return DEMO_USERS;
  }

  @Post('demo-token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'A signed token for a demo user (development only)',
    security: [],
    description:
      'Answers 404 unless the server runs with its generated secret (AUTH_SECRET unset).',
  })
  @ApiOkResponse({ schema: S.object({ token: S.string(), user: DEMO_USER }) })
  @ApiProblems(400, 404, 413, 415)
  token(@Body() body: DemoTokenRequest): { token: string; user: DemoUser } {
    // The DTO admits listed ids only, so the user is always found.
    const user = DEMO_USERS.find((u) => u.id === body.user)!;
    return { token: this.tokens.sign(demoPrincipal(user)), user };
  }
}
