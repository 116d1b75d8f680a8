// Generated from the OpenAPI document by `npm run studio:types`; do not edit.
export interface paths {
    "/api/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description 3–32 letters, digits, "_", "." or "-"; unique regardless of case */
                        username: string;
                        /** @description 8–128 characters */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            username: string;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in: access token in the body, refresh token in an HttpOnly cookie
         * @description Failed attempts are limited per account from one address, per account and per address (LOGIN_*_RATE_LIMIT_PER_MINUTE); 429 with Retry-After past a limit. 403 for a disabled account.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            /** @description Seconds until the access token expires */
                            expires_in: number;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * New access token from the refresh_token cookie (or body); the refresh token rotates
         * @description Presenting a refresh token that was already used revokes its whole family (every token of that login).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description For clients without cookies */
                        refresh_token?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            /** @description Seconds until the access token expires */
                            expires_in: number;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session: the refresh token (and its family) is revoked, the cookie cleared */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description For clients without cookies */
                        refresh_token?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Logged out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            username: string;
                            is_admin: boolean;
                            created_at?: string;
                            /** @description Set when the caller is an edge instance acting for its owner */
                            instance_id?: string;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/edge-instances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's edge instances, newest first (never their keys) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            instance_id: string;
                            name: string;
                            is_active: boolean;
                            created_at: string;
                            key_rotated_at: string | null;
                            disabled_at: string | null;
                        }[];
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register an edge machine; its API key is shown only here */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A name for the machine, e.g. "studio-pc" */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            instance_id: string;
                            /** @description Shown only in this answer; store it on the edge machine */
                            api_key: string;
                            name: string;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/edge-instances/{instance_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Disable an edge instance: its key stops working at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    instance_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            instance_id: string;
                            name: string;
                            is_active: boolean;
                            created_at: string;
                            key_rotated_at: string | null;
                            disabled_at: string | null;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/edge-instances/{instance_id}/rotate-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a new API key; the old one stops working at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    instance_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            instance_id: string;
                            /** @description Shown only in this answer; store it on the edge machine */
                            api_key: string;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task/workflow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The five segments */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            segment_id: number;
                            name: string;
                            description: string;
                            depends_on: number[];
                        }[];
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task/new": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a storybook task */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        topic: string;
                        main_role?: string | null;
                        scene?: string | null;
                        /**
                         * @default zh
                         * @enum {string}
                         */
                        language?: "zh" | "en";
                        /** @default 6 */
                        pages?: number;
                        /**
                         * @default 16:9
                         * @enum {string}
                         */
                        aspect?: "16:9" | "9:16" | "1:1";
                        /** @default 1 */
                        seed?: number;
                        /** @default {} */
                        options?: {
                            speech_rate?: number;
                            voice?: string;
                            burn_subtitles?: boolean;
                            /** @enum {string} */
                            subtitle_style?: "plain" | "karaoke";
                            music_gain_db?: number;
                            providers?: {
                                [key: string]: string;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            task_id: number;
                            topic: string;
                            main_role: string;
                            scene: string;
                            language: string;
                            pages: number;
                            aspect: string;
                            seed: number;
                            options: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            status: "pending" | "running" | "completed" | "failed";
                            current_segment: number;
                            progress: number;
                            created_at: string;
                            updated_at: string;
                            segments: {
                                segment_id: number;
                                name: string;
                                /** @enum {string} */
                                status: "pending" | "queued" | "running" | "completed" | "failed" | "cancelled";
                                progress: number;
                                error?: string;
                                warnings?: string[];
                                job_id?: string;
                                stale_pages?: number[];
                                started_at?: string;
                                finished_at?: string;
                            }[];
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task/mytasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's tasks, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            task_ids: number[];
                            tasks: {
                                task_id: number;
                                topic: string;
                                main_role: string;
                                scene: string;
                                language: string;
                                pages: number;
                                aspect: string;
                                seed: number;
                                options: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string} */
                                status: "pending" | "running" | "completed" | "failed";
                                current_segment: number;
                                progress: number;
                                created_at: string;
                                updated_at: string;
                                segments: {
                                    segment_id: number;
                                    name: string;
                                    /** @enum {string} */
                                    status: "pending" | "queued" | "running" | "completed" | "failed" | "cancelled";
                                    progress: number;
                                    error?: string;
                                    warnings?: string[];
                                    job_id?: string;
                                    stale_pages?: number[];
                                    started_at?: string;
                                    finished_at?: string;
                                }[];
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task/{task_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One task with its segments */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    task_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            task_id: number;
                            topic: string;
                            main_role: string;
                            scene: string;
                            language: string;
                            pages: number;
                            aspect: string;
                            seed: number;
                            options: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            status: "pending" | "running" | "completed" | "failed";
                            current_segment: number;
                            progress: number;
                            created_at: string;
                            updated_at: string;
                            segments: {
                                segment_id: number;
                                name: string;
                                /** @enum {string} */
                                status: "pending" | "queued" | "running" | "completed" | "failed" | "cancelled";
                                progress: number;
                                error?: string;
                                warnings?: string[];
                                job_id?: string;
                                stale_pages?: number[];
                                started_at?: string;
                                finished_at?: string;
                            }[];
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a task: cancels its jobs and removes its files */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    task_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            deleted: true;
                            task_id: number;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task/{task_id}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Status and progress of every segment */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    task_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            task_id: number;
                            current_segment: number;
                            /** @enum {string} */
                            status: "pending" | "running" | "completed" | "failed";
                            progress: number;
                            segments: {
                                segment_id: number;
                                name: string;
                                /** @enum {string} */
                                status: "pending" | "queued" | "running" | "completed" | "failed" | "cancelled";
                                progress: number;
                                error?: string;
                                warnings?: string[];
                                job_id?: string;
                                stale_pages?: number[];
                                started_at?: string;
                                finished_at?: string;
                            }[];
                            usage?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task/{task_id}/resource": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Files a completed segment wrote */
        get: {
            parameters: {
                query: {
                    segmentId: string;
                };
                header?: never;
                path: {
                    task_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            task_id: number;
                            segment_id: number;
                            /** @enum {string} */
                            status: "pending" | "queued" | "running" | "completed" | "failed" | "cancelled";
                            resources: string[];
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task/{task_id}/execute/{segmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue one segment (no body needed) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    task_id: string;
                    segmentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            accepted: true;
                            task_id: number;
                            segment_id: number;
                            job_id: string;
                            celery_task_id: string;
                            /** @enum {string} */
                            status: "queued";
                            message: string;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task/{task_id}/execute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue every segment not yet completed, in order */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    task_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            accepted: true;
                            task_id: number;
                            segment_id: number;
                            job_id: string;
                            celery_task_id: string;
                            /** @enum {string} */
                            status: "queued";
                            message: string;
                            queued: {
                                segment_id: number;
                                job_id: string;
                            }[];
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task/{task_id}/pages/{n}/regenerate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Redo one page's picture, narration or text; what was built on it becomes stale
         * @description image: a new seed (or `seed`) and optionally a new `prompt`; speech: the page is split and narrated again; text: `text` replaces the page text, or without `text` the story writer tells the page again in other words; either way its narration becomes stale. Segments built on the page read `pending` with `stale_pages` until it is redone; the notification carries `page`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    task_id: string;
                    n: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        what: "image" | "speech" | "text";
                        seed?: number;
                        prompt?: string;
                        text?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            accepted: true;
                            task_id: number;
                            segment_id: number;
                            job_id: string;
                            celery_task_id: string;
                            /** @enum {string} */
                            status: "queued";
                            message: string;
                            page: number;
                            /** @enum {string} */
                            what: "image" | "speech" | "text";
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task/{task_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop queued and running segments */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    task_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            accepted: true;
                            task_id: number;
                            cancelled: number[];
                            message: string;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task/{task_id}/script": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace script_data.json; later segments go back to pending */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    task_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title: string;
                        topic: string;
                        main_role: string;
                        scene: string;
                        /** @enum {string} */
                        language: "zh" | "en";
                        characters: ({
                            name: string;
                            description: string;
                            seed?: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                        pages: ({
                            page: number;
                            text: string;
                            image_prompt: string;
                            image_seed?: number;
                            segments?: ({
                                text: string;
                                audio?: string;
                                duration?: number;
                                words?: {
                                    text: string;
                                    start: number;
                                    end: number;
                                }[];
                            } & {
                                [key: string]: unknown;
                            })[];
                            audio?: string;
                            duration?: number;
                            main_box?: (number)[];
                        } & {
                            [key: string]: unknown;
                        })[];
                        settings?: {
                            /**
                             * @default 16:9
                             * @enum {string}
                             */
                            aspect?: "16:9" | "9:16" | "1:1";
                            /** @default 1 */
                            seed?: number;
                        } & {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            task_id: number;
                            current_segment: number;
                            /** @enum {string} */
                            status: "pending" | "running" | "completed" | "failed";
                            progress: number;
                            segments: {
                                segment_id: number;
                                name: string;
                                /** @enum {string} */
                                status: "pending" | "queued" | "running" | "completed" | "failed" | "cancelled";
                                progress: number;
                                error?: string;
                                warnings?: string[];
                                job_id?: string;
                                stale_pages?: number[];
                                started_at?: string;
                                finished_at?: string;
                            }[];
                            usage?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/files/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A file of one of your tasks (Range supported) */
        get: {
            parameters: {
                query?: {
                    token?: string;
                };
                header?: never;
                path: {
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file bytes */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description The requested byte range */
                206: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description STORAGE_DOWNLOADS=redirect: a presigned URL of the object store */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                416: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task/{task_id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every file of one of your tasks as one zip (streamed): script, pictures, WAVs, MP4, SRT */
        get: {
            parameters: {
                query?: {
                    token?: string;
                };
                header?: never;
                path: {
                    task_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description application/zip */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stored notifications after an id, oldest first */
        get: {
            parameters: {
                query?: {
                    after?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": ({
                            id: number;
                            at: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Database, queue and storage answer */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                            /** @enum {string} */
                            database: "ok" | "failing";
                            /** @enum {string} */
                            queue: "ok" | "failing";
                            /** @enum {string} */
                            storage: "ok" | "failing";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                            /** @enum {string} */
                            status: "unavailable";
                            /** @enum {string} */
                            database: "ok" | "failing";
                            /** @enum {string} */
                            queue: "ok" | "failing";
                            /** @enum {string} */
                            storage: "ok" | "failing";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every account (oldest first) with its task counts and last login */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description next_cursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            users: {
                                id: number;
                                username: string;
                                is_admin: boolean;
                                /** @description False once disabled: every token, refresh token and edge key is refused */
                                is_active: boolean;
                                created_at: string;
                                disabled_at: string | null;
                                last_login_at: string | null;
                                /** @description Storybook tasks */
                                task_count: number;
                                /** @description Dubbing-cloud (v1) tasks */
                                v1_task_count: number;
                                /** @description Edge instances not disabled */
                                edge_instance_count: number;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One account */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            username: string;
                            is_admin: boolean;
                            /** @description False once disabled: every token, refresh token and edge key is refused */
                            is_active: boolean;
                            created_at: string;
                            disabled_at: string | null;
                            last_login_at: string | null;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an account and everything it owns
         * @description Storybook tasks (rows, running jobs, folders), v1 tasks and files, notifications, edge instances and refresh tokens. Its tokens stop working at once. 409 for your own account.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            deleted: true;
                            user_id: number;
                            tasks: number;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable an account: its tokens, refresh tokens, edge keys and WebSockets stop at once
         * @description Its data stays; enable it again with /enable. 409 for your own account.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            username: string;
                            is_admin: boolean;
                            /** @description False once disabled: every token, refresh token and edge key is refused */
                            is_active: boolean;
                            created_at: string;
                            disabled_at: string | null;
                            last_login_at: string | null;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled account (its user logs in again) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            username: string;
                            is_admin: boolean;
                            /** @description False once disabled: every token, refresh token and edge key is refused */
                            is_active: boolean;
                            created_at: string;
                            disabled_at: string | null;
                            last_login_at: string | null;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/edge-instances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An account's edge instances (never their keys) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            instance_id: string;
                            name: string;
                            is_active: boolean;
                            created_at: string;
                            key_rotated_at: string | null;
                            disabled_at: string | null;
                        }[];
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/edge-instances/{instance_id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable any user's edge instance: its key stops working at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    instance_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            instance_id: string;
                            name: string;
                            is_active: boolean;
                            created_at: string;
                            key_rotated_at: string | null;
                            disabled_at: string | null;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every user's storybook tasks, newest first, with status; filter by status or user */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description next_cursor of the previous page */
                    cursor?: string;
                    status?: "pending" | "running" | "completed" | "failed";
                    user_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tasks: {
                                task_id: number;
                                topic: string;
                                main_role: string;
                                scene: string;
                                language: string;
                                pages: number;
                                aspect: string;
                                seed: number;
                                options: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string} */
                                status: "pending" | "running" | "completed" | "failed";
                                current_segment: number;
                                progress: number;
                                created_at: string;
                                updated_at: string;
                                segments: {
                                    segment_id: number;
                                    name: string;
                                    /** @enum {string} */
                                    status: "pending" | "queued" | "running" | "completed" | "failed" | "cancelled";
                                    progress: number;
                                    error?: string;
                                    warnings?: string[];
                                    job_id?: string;
                                    stale_pages?: number[];
                                    started_at?: string;
                                    finished_at?: string;
                                }[];
                                user_id: number;
                                username: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a transcript, blueprint or script (multipart field "file") into your space */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Use it as a *_path in a task payload */
                            relative_path: string;
                            full_url: string;
                            file_id: string;
                            size: number;
                            content_type: string;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a file of your own space by its relative path */
        get: {
            parameters: {
                query?: {
                    path?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file, as an attachment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description The requested byte range */
                206: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description STORAGE_DOWNLOADS=redirect: a presigned URL of the object store */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                416: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files/tasks/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A task's result JSON as an attachment (425 until the task is COMPLETED) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The result JSON */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description STORAGE_DOWNLOADS=redirect: a presigned URL of the object store */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                425: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your tasks, newest first (page, page_size) */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    page_size?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            next: string | null;
                            previous: string | null;
                            results: {
                                id: number;
                                /** @enum {string} */
                                status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED";
                                task_type: string;
                                result: {
                                    [key: string]: unknown;
                                };
                                error: string | null;
                                created: string;
                                modified: string;
                                /** @description Absolute; set only when COMPLETED */
                                download_url: string | null;
                                /** @description 0–100 */
                                progress: number;
                                /** @description What the task is doing now */
                                message: string | null;
                                payload: {
                                    [key: string]: unknown;
                                };
                                started_at: string | null;
                                finished_at: string | null;
                            }[];
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a task: GENERATE_NARRATION, GENERATE_DUBBING or GENERATE_EDITING_SCRIPT */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        task_type: string;
                        /**
                         * @description Keys ending in _path name files in your space
                         * @default {}
                         */
                        payload?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @enum {string} */
                            status: "PENDING";
                            message: string;
                            warnings?: string[];
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A task: status PENDING, RUNNING, COMPLETED or FAILED; result; download_url when COMPLETED */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @enum {string} */
                            status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED";
                            task_type: string;
                            result: {
                                [key: string]: unknown;
                            };
                            error: string | null;
                            created: string;
                            modified: string;
                            /** @description Absolute; set only when COMPLETED */
                            download_url: string | null;
                            /** @description 0–100 */
                            progress: number;
                            /** @description What the task is doing now */
                            message: string | null;
                            payload: {
                                [key: string]: unknown;
                            };
                            started_at: string | null;
                            finished_at: string | null;
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/voices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The speech templates (template_name) and reference voices this server offers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            default_templates: {
                                [key: string]: string;
                            };
                            templates: {
                                name: string;
                                engine: string;
                                provider: string;
                                language: string;
                                voice: string | null;
                                voices: string[];
                                description: string;
                                aliases: string[];
                            }[];
                            reference_voices: {
                                name: string;
                                audio: string;
                                transcript: string;
                                usable: boolean;
                            }[];
                        };
                    };
                };
                /** @description Every error: {"error": {"code", "message"}} */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                field?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
